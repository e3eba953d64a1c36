/**
 * The bulletins shipped in advisories/, in file-name order: written once here so that adding a
 * bulletin changes one list, and every test that names the loaded set checks the same thing.
 */
export const SHIPPED_IDS: readonly string[] = [
  'JSA10604',
  'JSA10624',
  'JSA10631',
  'JSA10632',
  'JSA10704',
  'JSA10712',
  'JSA10713',
  'JSA10732',
  'JSA10733',
  'JSA10759',
  'JSA10782',
  'JSA10808',
  'JSA10827',
  'JSA10841',
  'JSA10894',
  'JSA11021',
  'JSA72300',
  'JSA73150',
  'JSA75729',
  'JSA93446',
];
