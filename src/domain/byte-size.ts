const count = new Intl.NumberFormat('en-US');

/** `812 bytes`, `12.3 KB`, `5 MB` (binary units, one decimal at most). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${count.format(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const [value, unit] = bytes < 1024 ** 2 ? [bytes / 1024, 'KB'] : [bytes / 1024 ** 2, 'MB'];
  return `${value.toFixed(1).replace(/\.0$/, '')} ${unit}`;
}
