internal import Foundation

/// Email addresses compared as the identity binding and the directory need:
/// Unicode NFC, then lower case for ASCII letters only. Full Unicode case
/// folding would make a dotted capital I (U+0130) equal to a plain "i" and
/// let one person's provider account sign in as another.
public enum EmailAddress {
    public static func normalised(_ text: String) -> String {
        let composed = text.trimmingWhitespace().precomposedStringWithCanonicalMapping
        return String(String.UnicodeScalarView(composed.unicodeScalars.map { scalar in
            (65...90).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar
        }))
    }
}
