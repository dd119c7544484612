/// Masks emails and phone numbers in text bound for logs and metrics.
///
/// It uses the extractor's scanners over the whole text (no length bound: a
/// leak at character 5,000 is still a leak), so whatever the bot can read as an
/// email or phone is masked the same way. Order numbers, postal codes and amounts
/// are kept: they are what an engineer needs to debug a conversation.
public enum PIIMasker {
    /// Returns `text` with emails as `a***@e***.com` and phones as `+34 6** *** *78`.
    ///
    /// A phone keeps its country code, the first national digit of a Spanish
    /// number (6/7 mobile, 8/9 landline: the kind of line, not the person) and
    /// its last two digits; separators stay where they were.
    public static func mask(_ text: String) -> String {
        // Most log lines hold neither: an email needs an "@", a phone at least eight ASCII
        // digits (the scanner reads no others). One pass over the bytes says so.
        var digits = 0
        for b in text.utf8 {
            if b == UInt8(ascii: "@") { return scanAndMask(text) }
            if EntityScanner.isDigit(b) { digits += 1 }
        }
        return digits < minimumPhoneDigits ? text : scanAndMask(text)
    }

    /// The fewest digits any phone the scanner finds has (`+` and eight, or nine in groups).
    static let minimumPhoneDigits = 8

    /// `mask` without the quick look: every text through the scanners.
    static func scanAndMask(_ text: String) -> String {
        let count = text.utf8.count
        let findings = EntityScanner.scan(text, byteLimit: count, expectingOrderNumber: false)
            .filter { $0.value.kind == .email || $0.value.kind == .phone }
        guard !findings.isEmpty else { return text }
        return EntityScanner.withBytes(of: text, limit: count) { bytes in
            var masked: [UInt8] = []
            masked.reserveCapacity(count)
            var cursor = 0
            for finding in findings {
                masked += bytes[cursor..<finding.start]
                let entity = UnsafeBufferPointer(rebasing: bytes[finding.start..<finding.end])
                if finding.value.kind == .email { maskEmail(entity, into: &masked) } else { maskPhone(entity, into: &masked) }
                cursor = finding.end
            }
            masked += bytes[cursor...]
            return String(decoding: masked, as: UTF8.self)
        }
    }

    /// `ana.lopez@example.com` → `a***@e***.com`: first letters and the top-level domain only.
    private static func maskEmail(_ email: UnsafeBufferPointer<UInt8>, into masked: inout [UInt8]) {
        let stars = Array("***".utf8)
        // The scanner only reports addresses with an "@" and a dotted domain; stars alone if that ever changes.
        guard let at = email.firstIndex(of: UInt8(ascii: "@")), let dot = email.lastIndex(of: UInt8(ascii: ".")),
              at > 0, at + 1 < dot else { masked += stars; return }
        masked.append(email[0])
        masked += stars + [UInt8(ascii: "@"), email[at + 1]] + stars
        masked += email[dot...]
    }

    private static func maskPhone(_ phone: UnsafeBufferPointer<UInt8>, into masked: inout [UInt8]) {
        let isDigit = EntityScanner.isDigit
        let digits = phone.filter(isDigit)
        let firstGroup = phone.drop { !isDigit($0) }.prefix(while: isDigit).count
        // Leading digits left visible: "00", the country code, and a Spanish number's first digit.
        let kept: Int
        if phone.first == UInt8(ascii: "+") || digits.starts(with: [0x30, 0x30]) {
            let prefix = phone.first == UInt8(ascii: "+") ? 0 : 2
            let spanish = digits.dropFirst(prefix).starts(with: [0x33, 0x34])
            // A written group of 1–3 digits is the country code; unspaced, only +34 is recognised.
            let code = (1...3).contains(firstGroup - prefix) ? firstGroup - prefix : spanish ? 2 : 1
            kept = prefix + code + (spanish && code == 2 ? 1 : 0)
        } else {
            kept = 1
        }
        var seen = 0
        for byte in phone {
            guard isDigit(byte) else { masked.append(byte); continue }
            masked.append(seen < kept || seen >= digits.count - 2 ? byte : UInt8(ascii: "*"))
            seen += 1
        }
    }
}
