// Plain constants (no schema library) so the web bundle can import them without TypeBox.

/**
 * A name is one line of visible text: no control characters (line breaks and tabs included), no
 * format characters (`\p{Cf}`: bidi overrides and isolates such as U+202E and U+2066-2069,
 * zero-width spaces and joiners, the byte-order mark) and no line or paragraph separators.
 */
export const NAME_PATTERN = '^[^\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]*$';
