import Foundation

/// Finds order numbers, emails, phones, Spanish postal codes and amounts in a customer's message.
///
/// The rules are small scanners over the message's UTF-8 bytes, not
/// `NSRegularExpression`: extraction runs on every message within a budget of a
/// few microseconds, and must be total on any input. `EntityScanner` below holds
/// the rules; this type turns its byte offsets into values and string ranges.
///
/// Where the rules had to choose:
/// - A 5-digit run is a postal code after a postal cue (`cp`, `código postal`,
///   `zip`), right after `a`/`al`/`en`/`to`/`in`/`para`, alone in the message, or
///   in the address form `…, 28009 Madrid`; after `#`/`pedido`/`order` it is an
///   order. When an order number is expected, only a postal cue makes it a postal
///   code (`a 38001` then reads as an order). `60000` is neither: 60 is no province.
/// - A 9-digit run starting 6–9 is a phone when written in groups (`612 345 678`)
///   or with `+34`/`0034`. Written as one run it is an order number after
///   `pedido`/`order`/`#`, or when an order number is expected; otherwise a phone.
/// - `número`/`number`/`nº` alone is a weak order cue: it does not turn a
///   phone-shaped run into an order (`mi número es 612345678`).
/// - A year (1900–2099) is an order number only right after its cue (`pedido 2024`),
///   not further away (`un pedido en 2024`). Without a currency it is never money.
/// - `$` means USD and `pesos` MXN; a shop in Mexico reads `$` itself if it must.
public enum EntityExtractor {
    /// Messages are scanned up to this many characters; an entity cut by the bound is lost.
    public static let maxCharacters = 4_096
    /// Also a byte bound, because one character may carry any number of combining scalars.
    static let maxBytes = 16_384

    /// Where one entity occurs in the text it was found in.
    public struct Span: Sendable, Equatable {
        /// What an entity is.
        public enum Kind: String, Sendable, Codable, CaseIterable {
            case orderNumber, email, phone, postalCode, money
        }

        public var kind: Kind
        /// Character-aligned range in the scanned text; it covers `#` or `€` written next to the value.
        public var range: Range<String.Index>

        public init(kind: Kind, range: Range<String.Index>) {
            self.kind = kind
            self.range = range
        }

        /// The range as UTF-16 offsets, for `NSString` and `NSRange` APIs.
        public func utf16Range(in text: String) -> Range<Int> {
            let lower = text.utf16.distance(from: text.startIndex, to: range.lowerBound)
            return lower..<(lower + text.utf16.distance(from: range.lowerBound, to: range.upperBound))
        }
    }

    /// Returns the entities in `text`, each kind in order of appearance without repeats (amounts keep repeats).
    ///
    /// - Parameter expectingOrderNumber: the bot has just asked for an order number,
    ///   so a bare digit run (`es el 10482`) is taken as one.
    public static func extract(from text: String, expectingOrderNumber: Bool = false) -> Entities {
        entities(from: found(in: text, expectingOrderNumber: expectingOrderNumber).lazy.map(\.0))
    }

    private static func entities(from values: some Sequence<EntityScanner.Value>) -> Entities {
        var entities = Entities()
        for value in values {
            switch value {
            case .order(let number): entities.orderNumbers.appendIfAbsent(number)
            case .email(let email): entities.emails.appendIfAbsent(email)
            case .phone(let phone): entities.phones.appendIfAbsent(phone)
            case .postal(let code): entities.postalCodes.appendIfAbsent(code)
            case .money(let money): entities.amounts.append(money)
            }
        }
        return entities
    }

    /// Returns where each entity occurs in `text`, in order, so a matcher can put placeholders in their place.
    public static func spans(in text: String, expectingOrderNumber: Bool = false) -> [Span] {
        found(in: text, expectingOrderNumber: expectingOrderNumber).map { Span(kind: $0.0.kind, range: $0.1) }
    }

    /// Returns both the entities and their spans from one scan: half the cost of calling the two.
    public static func extractWithSpans(
        from text: String,
        expectingOrderNumber: Bool = false
    ) -> (entities: Entities, spans: [Span]) {
        let found = found(in: text, expectingOrderNumber: expectingOrderNumber)
        return (entities(from: found.lazy.map(\.0)), found.map { Span(kind: $0.0.kind, range: $0.1) })
    }

    /// Scans the bounded prefix of `text` and keeps findings whose ends fall on character boundaries.
    private static func found(in text: String, expectingOrderNumber: Bool) -> [(EntityScanner.Value, Range<String.Index>)] {
        let limit = byteLimit(of: text)
        let findings = EntityScanner.scan(text, byteLimit: limit, expectingOrderNumber: expectingOrderNumber)
        let utf8 = text.utf8
        return findings.compactMap { finding in
            let lower = utf8.index(utf8.startIndex, offsetBy: finding.start)
            let upper = utf8.index(utf8.startIndex, offsetBy: finding.end)
            // A digit followed by a combining mark is not a digit to the reader;
            // a range that splits a character would also corrupt replacement.
            guard lower.samePosition(in: text) != nil, upper.samePosition(in: text) != nil else { return nil }
            return (finding.value, lower..<upper)
        }
    }

    /// The number of UTF-8 bytes to scan: `maxCharacters` characters, at most `maxBytes`, cut at a scalar boundary.
    static func byteLimit(of text: String) -> Int {
        let utf8 = text.utf8
        // Fewer bytes than the character bound means fewer characters too: the common, free case.
        guard utf8.count > maxCharacters else { return utf8.count }
        // Count characters in a copy of the first bytes, cut at a scalar boundary: in the original,
        // a character running past the cut (a letter with 100 KB of accents) would be walked to its end.
        let head = EntityScanner.withBytes(of: text, limit: maxBytes + 1) { bytes in
            var end = min(bytes.count, maxBytes)
            while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
        }
        let characterEnd = head.index(head.startIndex, offsetBy: maxCharacters, limitedBy: head.endIndex) ?? head.endIndex
        return head.utf8.distance(from: head.startIndex, to: characterEnd)
    }
}

extension Array where Element: Equatable {
    fileprivate mutating func appendIfAbsent(_ element: Element) {
        if !contains(element) { append(element) }
    }
}

// MARK: - Scanner

/// The byte-level rules shared by `EntityExtractor` and `PIIMasker`.
///
/// Emails are cut out first; the rest is split into tokens (words, digit runs,
/// single symbols), each remembering the whitespace before it. Rules then claim
/// tokens in priority order: letter codes (`PED-20481`), money (a currency is
/// required, so a year never is), phones with `+`/`00`, phones in groups, and
/// last single digit runs judged by the cue words up to three words before them.
struct EntityScanner {
    /// A parsed entity.
    enum Value: Equatable {
        case order(String), email(String), phone(String), postal(PostalCode), money(Money)

        var kind: EntityExtractor.Span.Kind {
            switch self {
            case .order: .orderNumber
            case .email: .email
            case .phone: .phone
            case .postal: .postalCode
            case .money: .money
            }
        }
    }

    /// An entity and its UTF-8 byte range in the scanned text.
    struct Finding {
        var start: Int
        var end: Int
        var value: Value
    }

    /// A word, digit run, symbol or whole email, with the whitespace before it.
    struct Token {
        enum Kind { case word, digits, symbol, email }
        /// No whitespace, exactly one space, or more (several spaces, a line break, the start of the text).
        enum Gap { case none, space, wide }

        var start: Int
        var end: Int
        /// A symbol's scalar; 0 for other kinds.
        var scalar: UInt32 = 0
        var kind: Kind
        var gap: Gap
        var isASCII = true
        var claimed = false
        var length: Int { end - start }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let expecting: Bool
    private var tokens: [Token] = []
    private var findings: [Finding] = []

    private init(bytes: UnsafeBufferPointer<UInt8>, expecting: Bool) {
        self.bytes = bytes
        self.expecting = expecting
    }

    /// Scans the first `byteLimit` UTF-8 bytes of `text` and returns its entities in order.
    static func scan(_ text: String, byteLimit: Int, expectingOrderNumber: Bool) -> [Finding] {
        withBytes(of: text, limit: byteLimit) { bytes in
            var scanner = EntityScanner(bytes: bytes, expecting: expectingOrderNumber)
            let emails = scanner.scanEmails()
            scanner.tokenize(skipping: emails)
            scanner.scanLetterCodes()
            scanner.scanMoney()
            scanner.scanInternationalPhones()
            scanner.scanGroupedPhones()
            scanner.scanDigitRuns()
            return scanner.findings.sorted { $0.start < $1.start }
        }
    }

    /// Calls `body` with the first `limit` UTF-8 bytes of `text`, copying only if the string is not contiguous.
    static func withBytes<R>(of text: String, limit: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeBufferPointer(rebasing: $0.prefix(limit))) }) {
            return result
        }
        return Array(text.utf8.prefix(limit)).withUnsafeBufferPointer(body)
    }

    // MARK: Emails

    private mutating func scanEmails() -> [Range<Int>] {
        var emails: [Range<Int>] = []
        var floor = 0, i = 0
        while i < bytes.count {
            if bytes[i] == Byte.at, let range = email(around: i, floor: floor) {
                emails.append(range)
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).lowercased()
                findings.append(Finding(start: range.lowerBound, end: range.upperBound, value: .email(text)))
                floor = range.upperBound
                i = floor
            } else {
                i += 1
            }
        }
        return emails
    }

    /// The email around the `@` at `at`, with the lengths of RFC 5321 §4.5.3.1 (local ≤ 64, total ≤ 254).
    private func email(around at: Int, floor: Int) -> Range<Int>? {
        var lower = at
        while lower > floor, at - lower < 64, Self.isLocal(bytes[lower - 1]) { lower -= 1 }
        if lower > floor, Self.isLocal(bytes[lower - 1]) { return nil }
        // Right after a previous address ("a@x.es+b@y.es") the boundary is that address's end.
        let afterEmail = lower == floor && floor > 0
        while lower < at, bytes[lower] == Byte.dot { lower += 1 }  // a leading dot is the sentence's, not the address's
        guard lower < at, bytes[at - 1] != Byte.dot, afterEmail || !continuesWord(before: lower) else { return nil }
        var upper = at + 1
        while upper < bytes.count, upper - lower < 255, Self.isDomain(bytes[upper]) { upper += 1 }
        if upper < bytes.count, Self.isDomain(bytes[upper]) { return nil }
        // A sentence may end right after the address: "…@example.com."
        while upper > at + 1, bytes[upper - 1] == Byte.dot || bytes[upper - 1] == Byte.dash { upper -= 1 }
        guard isDomain(at + 1..<upper), !continuesWord(at: upper) else { return nil }
        for i in lower..<(at - 1) where bytes[i] == Byte.dot && bytes[i + 1] == Byte.dot { return nil }
        return lower..<upper
    }

    /// Whether `range` is two or more dot-separated labels of 1–63 characters ending in an alphabetic TLD.
    private func isDomain(_ range: Range<Int>) -> Bool {
        var labels = 0, labelStart = range.lowerBound
        for i in range.lowerBound...range.upperBound where i == range.upperBound || bytes[i] == Byte.dot {
            let length = i - labelStart
            guard length >= 1, length <= 63, bytes[labelStart] != Byte.dash, bytes[i - 1] != Byte.dash else { return false }
            labels += 1
            if i == range.upperBound {
                return labels >= 2 && length >= 2 && bytes[labelStart..<i].allSatisfy(Self.isLetter)
            }
            labelStart = i + 1
        }
        return false
    }

    /// Whether the scalar before `index` is a letter, digit or `@`: the address would be a fragment.
    private func continuesWord(before index: Int) -> Bool {
        guard index > 0 else { return false }
        var start = index - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return continuesWord(at: start)
    }

    private func continuesWord(at index: Int) -> Bool {
        guard index < bytes.count else { return false }
        if bytes[index] < 0x80 { return bytes[index] == Byte.at || Self.isLetter(bytes[index]) || Self.isDigit(bytes[index]) }
        return Self.isWordScalar(decode(at: index).scalar)
    }

    // MARK: Tokens

    private mutating func tokenize(skipping emails: [Range<Int>]) {
        tokens.reserveCapacity(bytes.count / 3 + 1)
        findings.reserveCapacity(4)
        var i = 0, nextEmail = 0, spaces = 0, lineBreak = true
        while i < bytes.count {
            let stop = nextEmail < emails.count ? emails[nextEmail].lowerBound : bytes.count
            let gap: Token.Gap = lineBreak || spaces > 1 ? .wide : spaces == 1 ? .space : .none
            var token = Token(start: i, end: i + 1, kind: .symbol, gap: gap)
            let byte = bytes[i]
            if i == stop {
                token.kind = .email
                token.end = emails[nextEmail].upperBound
                nextEmail += 1
            } else if Self.isDigit(byte) {
                token.kind = .digits
                while token.end < stop, Self.isDigit(bytes[token.end]) { token.end += 1 }
            } else if byte == Byte.space || byte == Byte.tab {
                spaces += 1; i += 1; continue
            } else if byte >= 0x0A && byte <= 0x0D {
                lineBreak = true; i += 1; continue
            } else if Self.isLetter(byte) {
                token.kind = .word
                token.end = wordEnd(from: i, stop: stop, isASCII: &token.isASCII)
            } else if byte >= 0x80 {
                let (scalar, length) = decode(at: i)
                if scalar == 0x85 || scalar == 0x2028 || scalar == 0x2029 {
                    lineBreak = true; i += length; continue
                } else if Self.isWhitespace(scalar) {
                    spaces += 1; i += length; continue  // no-break spaces: "20\u{A0}€"
                } else if Self.isWordScalar(scalar) {
                    token.kind = .word
                    token.end = wordEnd(from: i, stop: stop, isASCII: &token.isASCII)
                } else {
                    token.scalar = scalar
                    token.end = i + length
                }
            } else {
                token.scalar = UInt32(byte)
            }
            tokens.append(token)
            i = token.end
            spaces = 0
            lineBreak = false
        }
    }

    private func wordEnd(from start: Int, stop: Int, isASCII: inout Bool) -> Int {
        var end = start
        while end < stop {
            if Self.isLetter(bytes[end]) {
                end += 1
            } else if bytes[end] >= 0x80, case let (scalar, length) = decode(at: end), Self.isWordScalar(scalar) {
                end += length
                isASCII = false
            } else {
                break
            }
        }
        return end
    }

    /// The scalar starting at `index` and its length in bytes; U+FFFD for a byte that cannot start one.
    private func decode(at index: Int) -> (scalar: UInt32, length: Int) {
        let lead = UInt32(bytes[index])
        let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        guard lead >= 0xC0, index + length <= bytes.count else { return (lead < 0x80 ? lead : 0xFFFD, 1) }
        var scalar = lead & (0x7F >> UInt32(length))
        for k in 1..<length { scalar = scalar << 6 | UInt32(bytes[index + k] & 0x3F) }
        return (scalar, length)
    }

    private func digits(_ token: Token) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
    }

    private mutating func claim(_ range: ClosedRange<Int>, _ value: Value) {
        for k in range { tokens[k].claimed = true }
        findings.append(Finding(start: tokens[range.lowerBound].start, end: tokens[range.upperBound].end, value: value))
    }

    // MARK: Letter codes, money, phones

    /// `PED-20481`, `ORD-5521`; glued `PED20481` only after a known prefix or in capitals with five or more
    /// digits (not `de2024`, nor the flight `IB3456` or the `RTX4090`); with a space only after a known
    /// prefix (`ped 20481`, not `son 1500`).
    private mutating func scanLetterCodes() {
        for w in tokens.indices where tokens[w].kind == .word && tokens[w].isASCII && (2...4).contains(tokens[w].length) {
            if tokens[w].gap == .none, w > 0, tokens[w - 1].kind != .symbol || isJoiner(tokens[w - 1]) { continue }
            let lexeme = lexeme(at: w)
            guard lexeme == nil || lexeme == .orderCue || lexeme == .spacedCodePrefix else { continue }
            var d = w + 1, minimumDigits = 4
            guard d < tokens.count else { continue }
            if tokens[d].scalar == UInt32(Byte.dash), tokens[d].kind == .symbol, tokens[d].gap == .none {
                d += 1
                guard d < tokens.count, tokens[d].gap == .none else { continue }
            } else if tokens[d].gap == .space {
                guard lexeme == .spacedCodePrefix else { continue }
            } else if tokens[d].gap != .none {
                continue
            } else if lexeme == nil {
                guard !bytes[tokens[w].start..<tokens[w].end].contains(where: { $0 >= UInt8(ascii: "a") }) else { continue }
                minimumDigits = 5
            }
            guard tokens[d].kind == .digits, (minimumDigits...12).contains(tokens[d].length), isFree(after: d) else { continue }
            var code = Array(UnsafeBufferPointer(rebasing: bytes[tokens[w].start..<tokens[w].end])).map { $0 & ~0x20 }
            code.append(Byte.dash)
            code += UnsafeBufferPointer(rebasing: bytes[tokens[d].start..<tokens[d].end])
            claim(w...d, .order(String(decoding: code, as: UTF8.self)))
        }
    }

    /// `20€`, `20,50 €`, `€20`, `$15.99`, `1.234,56 euros`, `10 pounds`, `200 pesos`, `EUR 20`.
    private mutating func scanMoney() {
        var i = 0
        while i < tokens.count {
            guard tokens[i].kind == .digits, !tokens[i].claimed else { i += 1; continue }
            var last = i
            while last + 2 < tokens.count, tokens[last + 1].kind == .symbol,
                  tokens[last + 1].scalar == UInt32(Byte.dot) || tokens[last + 1].scalar == UInt32(Byte.comma),
                  tokens[last + 1].gap == .none, tokens[last + 2].kind == .digits, tokens[last + 2].gap == .none,
                  !tokens[last + 2].claimed {
                last += 2
            }
            defer { i = last + 1 }
            if tokens[i].gap == .none, i > 0, tokens[i - 1].kind != .symbol || tokens[i - 1].scalar == UInt32(Byte.hash) {
                continue
            }
            var first = i, end = last, code: String?
            if i > 0, tokens[i].gap != .wide, !tokens[i - 1].claimed, let prefix = currency(at: i - 1, prefix: true) {
                code = prefix
                first = i - 1
            }
            if last + 1 < tokens.count, tokens[last + 1].gap != .wide, let suffix = currency(at: last + 1, prefix: false) {
                code = code ?? suffix
                end = last + 1
            }
            guard let code, let amount = amount(from: i, to: last) else { continue }
            claim(first...end, .money(Money(amount: amount, currency: code)))
        }
    }

    private func currency(at index: Int, prefix: Bool) -> String? {
        let token = tokens[index]
        if token.kind == .symbol {
            switch token.scalar {
            case 0x20AC: return "EUR"
            case 0x24: return "USD"
            case 0xA3: return "GBP"
            default: return nil
            }
        }
        guard token.kind == .word, case .currency(let code)? = lexeme(at: index) else { return nil }
        // Before the number only ISO codes read as currency ("EUR 20"); "euros 20" is not how people write.
        return !prefix || token.length == 3 ? code : nil
    }

    /// The value of digit groups `first...last` joined by `.`/`,`: the last separator is decimal when one or
    /// two digits follow it, thousands when three do ("1.500 €" is 1500, as written in Spain).
    private func amount(from first: Int, to last: Int) -> Decimal? {
        var fraction = 0
        if last > first {
            let decimalSeparator = tokens[last - 1].scalar
            let lastLength = tokens[last].length
            guard lastLength <= 3 else { return nil }
            fraction = lastLength == 3 ? 0 : lastLength
            let thousands = fraction == 0 ? decimalSeparator : nil
            let groupsEnd = fraction == 0 ? last : last - 2
            guard tokens[first].length <= 3 || groupsEnd == first else { return nil }
            for g in stride(from: first + 2, through: groupsEnd, by: 2) {
                let separator = tokens[g - 1].scalar
                guard tokens[g].length == 3, separator != (fraction > 0 ? decimalSeparator : 0),
                      thousands == nil || separator == thousands else { return nil }
            }
        }
        var significand: UInt64 = 0, count = 0
        for g in stride(from: first, through: last, by: 2) {
            for byte in bytes[tokens[g].start..<tokens[g].end] {
                count += 1
                guard count <= 18 else { return nil }
                significand = significand * 10 + UInt64(byte - Byte.zero)
            }
        }
        return Decimal(sign: .plus, exponent: -fraction, significand: Decimal(significand))
    }

    /// `+34 612 345 678`, `+44 20 7946 0958`, `0034 612-34-56-78`: up to 15 digits after the prefix (E.164).
    private mutating func scanInternationalPhones() {
        for i in tokens.indices where !tokens[i].claimed {
            let token = tokens[i]
            if token.kind == .symbol, token.scalar == UInt32(Byte.plus), i + 1 < tokens.count,
               tokens[i + 1].kind == .digits, tokens[i + 1].gap == .none, !tokens[i + 1].claimed,
               token.gap != .none || i == 0 || tokens[i - 1].kind != .digits {
                internationalPhone(plus: i, first: i + 1, skip: 0)
            } else if token.kind == .digits, token.length >= 2, bytes[token.start] == Byte.zero,
                      bytes[token.start + 1] == Byte.zero, isFree(before: i), !(cue(before: i).lexeme?.isOrderCue ?? false) {
                // "pedido 00123456789" stays an order number.
                internationalPhone(plus: i, first: i, skip: 2)
            }
        }
    }

    private mutating func internationalPhone(plus: Int, first: Int, skip: Int) {
        let groups = phoneGroups(from: first, maxDigits: 15 + skip)
        var number: [UInt8] = []
        for k in first...groups[groups.count - 1].index where tokens[k].kind == .digits {
            number += UnsafeBufferPointer(rebasing: bytes[tokens[k].start..<tokens[k].end])
        }
        let national = number.dropFirst(skip)
        guard national.first != Byte.zero else { return }  // no country code starts with 0
        // +34 is followed by exactly nine digits; elsewhere take the longest plausible number.
        let chosen = national.starts(with: [Byte.zero + 3, Byte.zero + 4])
            ? groups.last { $0.digits - skip == 11 }
            : groups.last { $0.digits - skip >= 8 }
        guard let chosen, isFree(after: chosen.index) else { return }
        let phone = [Byte.plus] + national.prefix(chosen.digits - skip)
        claim(plus...chosen.index, .phone(String(decoding: phone, as: UTF8.self)))
    }

    /// `612 345 678`, `612-34-56-78`, `612.345.678`: nine digits starting 6–9 written in two or more groups.
    private mutating func scanGroupedPhones() {
        for i in tokens.indices where tokens[i].kind == .digits && !tokens[i].claimed {
            guard bytes[tokens[i].start] >= Byte.zero + 6, isFree(before: i) else { continue }
            let groups = phoneGroups(from: i, maxDigits: 9)
            guard groups.count > 1, let end = groups.last, end.digits == 9, isFree(after: end.index) else { continue }
            var number: [UInt8] = []
            for k in i...end.index where tokens[k].kind == .digits {
                number += UnsafeBufferPointer(rebasing: bytes[tokens[k].start..<tokens[k].end])
            }
            claim(i...end.index, .phone(String(decoding: number, as: UTF8.self)))
        }
    }

    /// Digit groups from `first` joined by one space or up to two of `-` `.` `(` `)`, with running digit totals
    /// (at most `maxDigits`).
    private func phoneGroups(from first: Int, maxDigits: Int) -> [(index: Int, digits: Int)] {
        var groups = [(index: first, digits: tokens[first].length)]
        var total = tokens[first].length, k = first
        while total < maxDigits {
            var m = k + 1, separators = 0
            while m < tokens.count, separators < 2, tokens[m].kind == .symbol, tokens[m].gap != .wide,
                  tokens[m].scalar == 0x2D || tokens[m].scalar == 0x2E || tokens[m].scalar == 0x28 || tokens[m].scalar == 0x29 {
                m += 1
                separators += 1
            }
            guard m < tokens.count, tokens[m].kind == .digits, !tokens[m].claimed, tokens[m].gap != .wide,
                  separators > 0 || tokens[m].gap == .space else { break }
            total += tokens[m].length
            guard total <= maxDigits else { break }
            groups.append((m, total))
            k = m
        }
        return groups
    }

    // MARK: Single digit runs

    private mutating func scanDigitRuns() {
        for i in tokens.indices where tokens[i].kind == .digits && !tokens[i].claimed {
            guard (4...12).contains(tokens[i].length), isFree(before: i), isFree(after: i),
                  let value = value(ofRunAt: i) else { continue }
            // "#10482": the sign belongs to the order number.
            let hash = i > 0 && tokens[i].gap == .none && tokens[i - 1].scalar == UInt32(Byte.hash)
                && tokens[i - 1].kind == .symbol && !tokens[i - 1].claimed
            claim((hash && value.kind == .orderNumber ? i - 1 : i)...i, value)
        }
    }

    /// What a lone run of 4–12 digits is, judged by the cue before it and by `expecting`.
    private func value(ofRunAt i: Int) -> Value? {
        let token = tokens[i]
        let text = digits(token)
        let cue = cue(before: i)
        let phoneShaped = token.length == 9 && bytes[token.start] >= Byte.zero + 6
        let postal = token.length == 5 ? PostalCode(text) : nil
        let year = token.length == 4 && (1900...2099).contains(Int(text) ?? 0)
        if let postal, cue.lexeme == .postalCue || (cue.afterPlace && !expecting) { return .postal(postal) }
        switch cue.lexeme {
        case .orderCue? where !year || cue.immediate: return .order(text)
        case .numberCue? where !phoneShaped || expecting: return .order(text)
        case .phoneCue?: return phoneShaped ? .phone(text) : nil
        case .postalCue?: return nil
        default: break
        }
        if year { return isAlone(i) && expecting ? .order(text) : nil }
        if expecting { return .order(text) }
        if phoneShaped { return .phone(text) }
        if let postal, isAlone(i) || isAddress(i) { return .postal(postal) }
        return nil
    }

    /// The nearest cue word within three words before token `index`, and whether `a`/`en`/`to` is right before it.
    ///
    /// `número`/`nº`/`no.` is weak: a stronger cue just before it decides (`order no.`, `teléfono número`).
    private func cue(before index: Int) -> (lexeme: Lexeme?, immediate: Bool, afterPlace: Bool) {
        var words = 0, k = index - 1, afterPlace = false, weak: Bool?  // weak: a number cue seen; is it immediate?
        while k >= 0, index - k <= 8, words < 3 {
            let token = tokens[k]
            var found: Lexeme?
            switch token.kind {
            case .symbol:
                if token.scalar == UInt32(Byte.hash), words == 0 { return (.orderCue, true, afterPlace) }
            case .digits, .email:
                words += 1
            case .word:
                switch lexeme(at: k) {
                case .place?: afterPlace = afterPlace || words == 0
                case let cue? where cue.isCue: found = cue
                case .no? where k + 1 < index && tokens[k + 1].scalar == UInt32(Byte.dot) && tokens[k + 1].gap == .none:
                    found = .numberCue  // "no. 10482", but not the word "no"
                case .letterP? where k >= 2 && tokens[k - 1].scalar == UInt32(Byte.dot) && lexeme(at: k - 2) == .letterC:
                    found = .postalCue  // "c.p."
                default: break
                }
                words += 1
            }
            if found == .numberCue, weak == nil {
                weak = words == 1
            } else if let found {
                return (found, weak ?? (words == 1), afterPlace)
            }
            k -= 1
        }
        return (weak.map { _ in .numberCue }, weak ?? false, afterPlace)
    }

    /// Whether the message holds nothing but this token and punctuation: the reply to "¿código postal?".
    private func isAlone(_ index: Int) -> Bool {
        !tokens.indices.contains { $0 != index && tokens[$0].kind != .symbol }
    }

    /// The Spanish address form "calle Alcalá 145, 28009 Madrid": after a comma, before a capitalised word.
    private func isAddress(_ index: Int) -> Bool {
        guard index > 0, tokens[index - 1].scalar == UInt32(Byte.comma), tokens[index - 1].kind == .symbol,
              index + 1 < tokens.count, tokens[index + 1].kind == .word, tokens[index + 1].gap != .none else { return false }
        let initial = bytes[tokens[index + 1].start]
        return (initial >= 0x41 && initial <= 0x5A)
            || (initial == 0xC3 && (0x80...0x9D).contains(bytes[tokens[index + 1].start + 1]))
    }

    /// Whether the digit run is not glued to a letter, a digit group or `+` on its left (`abc10482`, `12/2024`).
    private func isFree(before index: Int) -> Bool {
        guard index > 0, tokens[index].gap == .none else { return true }
        let previous = tokens[index - 1]
        switch previous.kind {
        case .digits, .email: return false
        case .word: return lexeme(at: index - 1)?.isOrderCue ?? false  // "nº10482"
        case .symbol:
            if previous.scalar == UInt32(Byte.plus) { return false }
            guard isJoiner(previous), previous.gap == .none, index >= 2 else { return true }
            // Glued to digits (`12/2024`, `20,5`), or to letters by `-`/`/` (`ABCDE-12345`); `pedido:10482` stays free.
            let before = tokens[index - 2]
            let gluesWords = previous.scalar == UInt32(Byte.dash) || previous.scalar == UInt32(Byte.slash)
            return !(before.kind == .digits || before.kind == .word && gluesWords)
        }
    }

    /// Whether the run is not glued to a letter or another digit group on its right (`128GB`, `20,5`, `10482-B`).
    private func isFree(after index: Int) -> Bool {
        guard index + 1 < tokens.count, tokens[index + 1].gap == .none else { return true }
        let next = tokens[index + 1]
        switch next.kind {
        case .digits, .email, .word: return false
        case .symbol:
            guard isJoiner(next), index + 2 < tokens.count, tokens[index + 2].gap == .none else { return true }
            let after = tokens[index + 2]
            let gluesWords = next.scalar == UInt32(Byte.dash) || next.scalar == UInt32(Byte.slash)
            return !(after.kind == .digits || after.kind == .word && gluesWords)
        }
    }

    private func isJoiner(_ token: Token) -> Bool {
        guard token.kind == .symbol else { return false }
        switch token.scalar {
        case 0x2C, 0x2D, 0x2E, 0x2F, 0x3A: return true  // , - . / :
        default: return false
        }
    }

    // MARK: Words

    /// What a word means to the rules, after folding case and Spanish accents.
    enum Lexeme: Equatable {
        case orderCue, numberCue, no, phoneCue, postalCue, letterC, letterP, place, spacedCodePrefix
        case currency(String)

        var isOrderCue: Bool { self == .orderCue || self == .numberCue }
        var isCue: Bool { isOrderCue || self == .phoneCue || self == .postalCue }
    }

    private static let lexicon: [WordKey: Lexeme] = {
        var lexicon: [WordKey: Lexeme] = [:]
        func add(_ words: String, _ lexeme: Lexeme) {
            for word in words.split(separator: " ") { lexicon[WordKey(word.utf8)] = lexeme }
        }
        add("pedido pedidos order orders orden ordenes compra compras referencia ref reference", .orderCue)
        add("numero number n\u{BA} \u{BA} nro num", .numberCue)
        add("no", .no)
        add("telefono tel tlf tfno movil celular phone mobile cell llamadme llamame llamar llama llamen call whatsapp fijo", .phoneCue)
        add("cp postal zip postcode", .postalCue)
        add("c", .letterC)
        add("p", .letterP)
        add("a al en to in para hacia", .place)
        add("ped ord", .spacedCodePrefix)
        add("euro euros eur pavo pavos", .currency("EUR"))
        add("dolar dolares dollar dollars usd bucks", .currency("USD"))
        add("libra libras pound pounds gbp quid", .currency("GBP"))
        add("peso pesos mxn", .currency("MXN"))
        return lexicon
    }()

    /// Spanish and French Latin-1 letters (U+00C0–U+00FF) folded to ASCII lowercase; `_` keeps the letter.
    private static let latin1Fold = Array("aaaaaa_ceeeeiiii_nooooo__uuuuy__aaaaaa_ceeeeiiii_nooooo__uuuuy_y".utf8)

    private func lexeme(at index: Int) -> Lexeme? {
        let token = tokens[index]
        guard token.kind == .word, token.length <= 16 else { return nil }
        var key = WordKey(), i = token.start
        while i < token.end {
            let byte = bytes[i]
            if byte < 0x80 {
                key.append(byte | 0x20)
                i += 1
            } else if byte == 0xC3, i + 1 < token.end, Self.latin1Fold[Int(bytes[i + 1] & 0x3F)] != UInt8(ascii: "_") {
                key.append(Self.latin1Fold[Int(bytes[i + 1] & 0x3F)])
                i += 2
            } else if byte == 0xC2, i + 1 < token.end, bytes[i + 1] == 0xB0 || bytes[i + 1] == 0xBA {
                key.append(0xC2); key.append(0xBA)  // "n°" is written for "nº"
                i += 2
            } else if byte == 0xCC || (byte == 0xCD && i + 1 < token.end && bytes[i + 1] <= 0xAF) {
                i += 2  // a combining accent, as in decomposed "nu\u{301}mero"
            } else {
                key.append(byte)
                i += 1
            }
        }
        return Self.lexicon[key]
    }

    /// Up to 16 folded bytes packed in two integers: a dictionary key without allocating a String.
    struct WordKey: Hashable {
        private var low: UInt64 = 0, high: UInt64 = 0, count = 0

        init() {}

        init(_ bytes: some Sequence<UInt8>) {
            for byte in bytes { append(byte) }
        }

        mutating func append(_ byte: UInt8) {
            if count < 8 { low |= UInt64(byte) << (8 * count) } else if count < 16 { high |= UInt64(byte) << (8 * (count - 8)) }
            count += 1  // a longer word keeps counting, so it never equals a short one
        }
    }

    // MARK: Bytes

    static func isDigit(_ byte: UInt8) -> Bool { byte &- Byte.zero < 10 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }

    private static func isLocal(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == Byte.dot || byte == Byte.dash || byte == Byte.plus
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "%")
    }

    private static func isDomain(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == Byte.dot || byte == Byte.dash
    }

    /// Unicode White_Space beyond ASCII (a fixed list, and cheaper than a property lookup).
    private static func isWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Letters, combining marks, and the ordinal signs of "nº"/"1ª" (and "°", typed for "º").
    static func isWordScalar(_ value: UInt32) -> Bool {
        // Latin text, the common case, is settled without a Unicode property lookup.
        switch value {
        case 0xAA, 0xB0, 0xBA, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F, 0x300...0x36F: return true
        case 0x80...0xBF: return false
        default: break
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return scalar.properties.isAlphabetic
        }
    }
}

extension EntityScanner {
    /// ASCII bytes the scanner compares against.
    enum Byte {
        static let zero = UInt8(ascii: "0"), at = UInt8(ascii: "@"), dot = UInt8(ascii: "."), dash = UInt8(ascii: "-")
        static let comma = UInt8(ascii: ","), plus = UInt8(ascii: "+"), hash = UInt8(ascii: "#"), slash = UInt8(ascii: "/")
        static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
    }
}
