/**
 * The products whose releases the bot can judge. Junos OS Evolved numbers its releases as Junos OS does
 * but is a separate product: a bulletin about Junos OS says nothing about Evolved, and the reverse.
 */
export type ProductId = 'screenos' | 'junos' | 'junos-evo';

/**
 * What the matcher needs to know about one product's version strings, and nothing more: adding a product
 * is adding one file that implements this, its ordered test list and its bulletins (osv-scalibr keeps one
 * `version-<ecosystem>.go` per scheme behind the same small interface).
 */
export interface VersionScheme<V> {
  readonly product: ProductId;
  /** As the vendor writes it and as `affected[].product` names it: `ScreenOS`, `Junos OS`. */
  readonly name: string;
  /** The `ranges[].type` of this scheme in the advisory files. */
  readonly rangeType: string;
  /**
   * True when a range whose events lie on one train applies to that train alone (Juniper lists fixes per
   * train); a range opened by `introduced: "0"` still covers every release below its end.
   */
  readonly rangesPerTrain: boolean;
  /** Reads a bare version (no product name around it), in any case; null when it is not one. */
  readonly read: (text: string) => V | null;
  /**
   * Reads a range bound in an advisory file: a version, or (where the scheme allows it) a train key that
   * stands for the train's first release.
   */
  readonly readBound: (text: string) => V | null;
  /** The release order: negative, 0 or positive. Build counters never decide it. */
  readonly compare: (a: V, b: V) => number;
  /** The key of the version's train: releases of one train are comparable step by step. */
  readonly train: (v: V) => string;
  /** The canonical spelling, every part the input had. */
  readonly format: (v: V) => string;
  /** The release a verdict is about, without build counters. */
  readonly formatRelease: (v: V) => string;
  /** Whether the release is a respin of another (ScreenOS `6.3.0r12b`): fixes name the mainline release too. */
  readonly isRespin: (v: V) => boolean;
  /** Whether an `assessed` entry is well formed for this scheme (`6.3.0`; `21.4`, `20.4 and earlier`). */
  readonly readScope: (label: string) => boolean;
  /** Whether an `assessed` entry covers the version's train. */
  readonly inScope: (label: string, v: V) => boolean;
}
