/**
 * Juniper's affected and fixed lists as its CVE records give them (Juniper SIRT is the CNA; the records
 * are in CVEProject/cvelistV5, cves/<year>/<n>xxx/<CVE>.json), quoted verbatim, typos included, for the
 * Junos OS bulletins in advisories/. Written once here: the reader's tests derive events from them, and
 * the bulletin tests check that each file's `statement` is one of them and that its "… and later" is what
 * its fixed list gives.
 */
export const AFFECTED = {
  /** JSA72300, EX Series. The record's structured data says 21.2R3-S6; its text says 21.2R3-S7. */
  'CVE-2023-36844':
    'All versions prior to 20.4R3-S9; 21.1 versions 21.1R1 and later; 21.2 versions prior to 21.2R3-S7; 21.3 versions prior to 21.3R3-S5; 21.4 versions prior to 21.4R3-S5; 22.1 versions prior to 22.1R3-S4; 22.2 versions prior to 22.2R3-S2; 22.3 versions prior to 22.3R3-S1; 22.4 versions prior to 22.4R2-S2, 22.4R3; 23.2 versions prior to 23.2R1-S1, 23.2R2.',
  /** JSA72300, EX and SRX Series; also the bulletin-wide list as WA SOC quotes it. */
  'CVE-2023-36845':
    'All versions prior to 20.4R3-S9; 21.1 versions 21.1R1 and later; 21.2 versions prior to 21.2R3-S7; 21.3 versions prior to 21.3R3-S5; 21.4 versions prior to 21.4R3-S5; 22.1 versions prior to 22.1R3-S4; 22.2 versions prior to 22.2R3-S2; 22.3 versions prior to 22.3R2-S2, 22.3R3-S1; 22.4 versions prior to 22.4R2-S1, 22.4R3; 23.2 versions prior to 23.2R1-S1, 23.2R2.',
  /** JSA72300, SRX Series. */
  'CVE-2023-36846':
    'All versions prior to 20.4R3-S8; 21.1 versions 21.1R1 and later; 21.2 versions prior to 21.2R3-S6; 21.3 versions prior to 21.3R3-S5; 21.4 versions prior to 21.4R3-S5; 22.1 versions prior to 22.1R3-S3; 22.2 versions prior to 22.2R3-S2; 22.3 versions prior to 22.3R2-S2, 22.3R3; 22.4 versions prior to 22.4R2-S1, 22.4R3.',
  /** JSA72300, EX Series. */
  'CVE-2023-36847':
    'All versions prior to 20.4R3-S8; 21.1 versions 21.1R1 and later; 21.2 versions prior to 21.2R3-S6; 21.3 versions prior to 21.3R3-S5; 21.4 versions prior to 21.4R3-S4; 22.1 versions prior to 22.1R3-S3; 22.2 versions prior to 22.2R3-S1; 22.3 versions prior to 22.3R2-S2, 22.3R3; 22.4 versions prior to 22.4R2-S1, 22.4R3.',
  /** JSA72300, SRX Series, with Juniper's typo "22,4R2-S2". */
  'CVE-2023-36851':
    '21.2 versions prior to 21.2R3-S8; 21.4 versions prior to 21.4R3-S6; 22.1 versions prior to 22.1R3-S5; 22.2 versions prior to 22.2R3-S3; 22.3 versions prior to 22.3R3-S2; 22.4 versions prior to 22,4R2-S2, 22.4R3; 23.2 versions prior to 23.2R1-S2, 23.2R2.',
  /** JSA75729: "earlier than", each clause after "Junos OS". */
  'CVE-2024-21591':
    'Junos OS versions earlier than 20.4R3-S9; Junos OS 21.2 versions earlier than 21.2R3-S7; Junos OS 21.3 versions earlier than 21.3R3-S5; Junos OS 21.4 versions earlier than 21.4R3-S5; Junos OS 22.1 versions earlier than 22.1R3-S4; Junos OS 22.2 versions earlier than 22.2R3-S3; Junos OS 22.3 versions earlier than 22.3R3-S2; Junos OS 22.4 versions earlier than 22.4R2-S2, 22.4R3.',
  /** JSA93446: "before", clauses separated by commas. */
  'CVE-2025-21590':
    'All versions before 21.2R3-S9, 21.4 versions before 21.4R3-S10, 22.2 versions before 22.2R3-S6, 22.4 versions before 22.4R3-S6, 23.2 versions before 23.2R2-S3, 23.4 versions before 23.4R2-S4, 24.2 versions before 24.2R1-S2, 24.2R2.',
  /** JSA11021: X lines, a stray space before ";", R branches never fixed. */
  'CVE-2020-1631':
    '12.3 versions prior to 12.3R12-S16; 12.3X48 versions prior to 12.3X48-D101, 12.3X48-D105; 14.1X53 versions prior to 14.1X53-D54; 15.1 versions prior to 15.1R7-S7; 15.1X49 versions prior to 15.1X49-D211, 15.1X49-D220; 16.1 versions prior to 16.1R7-S8; 17.2 versions prior to 17.2R3-S4; 17.3 versions prior to 17.3R3-S8; 17.4 versions prior to 17.4R2-S11, 17.4R3-S2; 18.1 versions prior to 18.1R3-S10; 18.2 versions prior to 18.2R2-S7, 18.2R3-S4; 18.3 versions prior to 18.3R2-S4, 18.3R3-S2; 18.4 versions prior to 18.4R1-S7, 18.4R3-S2 ; 18.4 version 18.4R2 and later versions; 19.1 versions prior to 19.1R1-S5, 19.1R3-S1; 19.1 version 19.1R2 and later versions; 19.2 versions prior to 19.2R2; 19.3 versions prior to 19.3R2-S3, 19.3R3; 19.4 versions prior to 19.4R1-S2, 19.4R2; 20.1 versions prior to 20.1R1-S1, 20.1R2.',
  /** JSA73150, Junos OS. */
  'CVE-2023-44186':
    'All versions prior to 20.4R3-S8; 21.1 versions 21.1R1 and later; 21.2 versions prior to 21.2R3-S6; 21.3 versions prior to 21.3R3-S5; 21.4 versions prior to 21.4R3-S5; 22.1 versions prior to 22.1R3-S4; 22.2 versions prior to 22.2R3-S2; 22.3 versions prior to 22.3R2-S2, 22.3R3-S1; 22.4 versions prior to 22.4R2-S1, 22.4R3.',
  /** JSA73150, Junos OS Evolved, as the record gives it. */
  'CVE-2023-44186 (Evolved)':
    'All versions prior to 20.4R3-S8-EVO; 21.1 versions 21.1R1-EVO and later; 21.2 versions prior to 21.2R3-S6-EVO; 21.3 versions prior to 21.3R3-S5-EVO; 21.4 versions prior to 21.4R3-S5-EVO; 22.1 versions prior to 22.1R3-S4-EVO; 22.2 versions prior to 22.2R3-S2-EVO; 22.3 versions prior to 22.3R2-S2-EVO, 22.3R3-S1-EVO; 22.4 versions prior to 22.4R2-S1-EVO, 22.4R3-EVO.',
} as const;

/**
 * Fixed lists, verbatim from each record's `solutions` (after "The following software releases have been
 * updated to resolve this specific issue:" and, where the record has one, its "Junos OS:" label), `*` for
 * "Pending Publication" (2023) or "Future Release" (2025).
 */
export const FIXED = {
  /** JSA72300, EX Series. */
  'CVE-2023-36844':
    '20.4R3-S9*, 21.2R3-S7*, 21.3R3-S5*, 21.4R3-S5*, 22.1R3-S4*, 22.2R3-S2, 22.3R3-S1*, 22.4R2-S2*, 22.4R3*, 23.2R1-S1, 23.2R2*, 23.4R1*, and all subsequent releases.',
  /** JSA72300, EX and SRX Series; WA SOC quotes it as the bulletin's list. */
  'CVE-2023-36845':
    '20.4R3-S9*, 21.2R3-S7*, 21.3R3-S5, 21.4R3-S5*, 22.1R3-S4*, 22.2R3-S2, 22.3R2-S2, 22.3R3-S1*, 22.4R2-S1, 22.4R3*, 23.2R1-S1, 23.2R2*, 23.4R1*, and all subsequent releases.',
  /** JSA72300, SRX Series: 23.2R1 is fixed although the affected list stops at 22.4. */
  'CVE-2023-36846':
    '20.4R3-S8, 21.2R3-S6, 21.3R3-S5*, 21.4R3-S5*, 22.1R3-S3, 22.2R3-S2, 22.3R2-S2, 22.3R3, 22.4R2-S1, 22.4R3*, 23.2R1, and all subsequent releases.',
  /** JSA72300, EX Series: the same shape as CVE-2023-36846. */
  'CVE-2023-36847':
    '20.4R3-S8, 21.2R3-S6, 21.3R3-S5*, 21.4R3-S4, 22.1R3-S3, 22.2R3-S1, 22.3R2-S2, 22.3R3, 22.4R2-S1, 22.4R3*, 23.2R1, and all subsequent releases.',
  /** JSA72300, SRX Series. */
  'CVE-2023-36851': '21.2R3-S8*, 21.4R3-S6*, 22.1R3-S5*, 22.2R3-S3*, 22.3R3-S2*, 22.4R2-S2, 22.4R3*, 23.2R1-S2, 23.2R2*, 23.4R1, and all subsequent releases.',
  /** JSA75729 (the record writes "Junos OS:" before it). */
  'CVE-2024-21591':
    '20.4R3-S9, 21.2R3-S7, 21.3R3-S5, 21.4R3-S5, 22.1R3-S4, 22.2R3-S3, 22.3R3-S2, 22.4R2-S2, 22.4R3, 23.2R1-S1, 23.2R2, 23.4R1, and all subsequent releases.',
  /** JSA93446, the general list; the platform exceptions follow it in the record (below). */
  'CVE-2025-21590': '21.2R3-S9, 21.4R3-S10, 22.2R3-S6, 22.4R3-S6, 23.2R2-S3, 23.4R2-S4, 24.2R1-S2, 24.2R2, 24.4R1, and all subsequent releases.',
  /** JSA11021: no comma before "and all subsequent releases", trains out of order (17.4R2-S11 before 17.3R3-S8). */
  'CVE-2020-1631':
    '12.3R12-S16, 12.3X48-D101, 12.3X48-D105, 14.1X53-D54, 15.1X49-D211, 15.1X49-D220, 15.1R7-S7, 16.1R7-S8, 17.2R3-S4, 17.4R2-S11, 17.3R3-S8, 17.4R3-S2, 18.1R3-S10, 18.2R2-S7, 18.2R3-S4, 18.3R2-S4, 18.3R3-S2, 18.4R1-S7, 18.4R3-S2, 19.1R1-S5, 19.1R3-S1, 19.2R2, 19.3R2-S3, 19.3R3, 19.4R1-S2, 19.4R2, 20.1R1-S1, 20.1R2 and all subsequent releases.',
  /** JSA73150, Junos OS, as revised on 2024-03-05 ("Updated affected/fixed releases to convey that 23.2R1 and all subsequent releases are fixed"). */
  'CVE-2023-44186':
    '20.4R3-S8, 21.2R3-S6, 21.3R3-S5, 21.4R3-S5, 22.1R3-S4, 22.2R3-S2, 22.3R2-S2, 22.3R3-S1, 22.4R2-S1, 22.4R3, 23.2R1, and all subsequent releases.',
  /** JSA73150, Junos OS Evolved (the record writes "Junos OS Evolved:" before it). */
  'CVE-2023-44186 (Evolved)':
    '20.4R3-S8-EVO, 21.2R3-S6-EVO, 21.3R3-S5-EVO, 21.4R3-S5-EVO, 22.1R3-S4-EVO, 22.2R3-S2-EVO, 22.3R2-S2-EVO, 22.3R3-S1-EVO, 22.4R2-S1-EVO, 22.4R3-EVO, 23.2R1-EVO, and all subsequent releases.',
} as const;

/**
 * JSA93446's solution: "this issue is not fixed for all platforms in the releases specified", then the
 * releases that do fix each group ("Future Release" marked `*`).
 */
export const JSA93446_PLATFORM_FIXES: readonly { readonly platforms: readonly string[]; readonly onlyFixedIn: readonly string[] }[] = [
  { platforms: ['SRX300 Series'], onlyFixedIn: ['21.2R3-S9', '23.4R2-S5*', '24.4R1'] },
  { platforms: ['SRX550HM'], onlyFixedIn: ['22.2R3-S7*'] },
  { platforms: ['EX4300', 'EX4600'], onlyFixedIn: ['21.4R3-S11*'] },
  { platforms: ['ACX1000', 'ACX1100', 'ACX2100', 'ACX2200', 'ACX4000', 'ACX500', 'MX104'], onlyFixedIn: ['21.2R3-S9'] },
];
