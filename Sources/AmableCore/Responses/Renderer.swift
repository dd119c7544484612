import Foundation

/// A reply in words, ready to send.
public struct RenderedReply: Sendable, Equatable {
    public var key: String
    public var text: String
    public var quickReplies: [String]
}

/// Renders decided replies into text: picks the tone from the mood, rotates variants so the
/// same words are not repeated within a conversation, and fills placeholders from the shop.
public struct Renderer: Sendable {
    public let books: [Language: ResponseBook]
    public let profile: ShopProfile

    private var fixedGlobals: [Language: [String: String]] = [:]

    public init(books: [Language: ResponseBook], profile: ShopProfile) {
        self.books = books
        self.profile = profile
        for language in books.keys { fixedGlobals[language] = fixedValues(language: language) }
    }

    /// Placeholders every reply may use, filled from the shop profile.
    public static let globalPlaceholders: Set<String> = [
        "shop.name", "shop.email", "shop.phone", "shop.website", "returns.window_days", "returns.cost", "returns.refund_days",
        "vat.rate", "shipping.free_over", "cancellation.fee", "payment.methods", "promotions.list", "support.hours",
    ]
    /// Placeholders the dialogue fills for particular replies.
    public static let dialoguePlaceholders: Set<String> = [
        "order.number", "order.status", "order.carrier", "order.tracking", "order.tracking_url", "order.eta",
        "order.delivered_on", "order.items", "zone.name", "zone.price", "zone.days_min", "zone.days_max",
        "shipping.free_note", "postal_code", "support.next_opening", "intent.label", "callback", "queue.position",
        "queue.wait", "agent.name", "max_length", "queue.minutes", "date.day", "date.month", "opening.time", "opening.day",
    ]

    /// Renders `replies`, advancing the conversation's variant counters.
    public func render(_ replies: [Reply], in c: inout Conversation, missing: inout [String]) -> [RenderedReply] {
        guard let book = books[c.language] ?? books.values.first else { return [] }
        let fixed = fixedGlobals[book.language] ?? fixedValues(language: book.language)
        // The promotions depend on the shop's calendar day: worked out only for a reply that names them.
        var promotions: String?
        let now = c.updatedAt
        func global(_ name: String) -> String? {
            guard name == "promotions.list" else { return fixed[name] }
            if promotions == nil { promotions = promotionsList(language: book.language, now: now) }
            return promotions
        }
        var out: [RenderedReply] = []
        for reply in replies {
            let tone = reply.tone ?? (c.mood >= 0.25 ? .apologetic : c.mood <= -0.15 ? .warm : .neutral)
            let variants = book.variants(reply.key, tone: tone)
            guard !variants.isEmpty else {
                missing.append(reply.key)
                continue
            }
            let count = Self.postIncrement(&c.replyCounts[reply.key, default: 0])
            let index = (Int(Self.stableHash(c.id, reply.key) % 997) + count) % variants.count
            // A reply has a handful of values: a list searched in order beats building a dictionary.
            var values: [(name: String, text: String)] = []
            values.reserveCapacity(reply.values.count)
            for (name, value) in reply.values {
                let text: String
                switch value {
                case .text(let t): text = t
                case .key(let k): text = book.variants(k, tone: .neutral).first?.render(lookup: global, missing: &missing) ?? ""
                case .price(let amount): text = PriceFormat.format(amount, currency: profile.currency, language: book.language)
                case .day(let iso): text = formatDay(iso, book: book, missing: &missing)
                case .opening(let date): text = formatOpening(date, now: now, book: book, missing: &missing)
                }
                values.append((name, text))
            }
            let text = variants[index].render(lookup: { name in values.first { $0.name == name }?.text ?? global(name) }, missing: &missing)
            guard text.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            let quick = reply.quickReplies.compactMap { book.variants($0, tone: .neutral).first?.render(lookup: global, missing: &missing) }
            out.append(RenderedReply(key: reply.key, text: Self.tidy(text), quickReplies: quick))
        }
        return out
    }

    /// The value before adding one (one dictionary lookup for a read and a write).
    static func postIncrement(_ n: inout Int) -> Int {
        defer { n += 1 }
        return n
    }

    /// Removes the double spaces and space-before-punctuation an empty placeholder leaves.
    static func tidy(_ text: String) -> String {
        // Almost every reply is already tidy: one pass over the bytes decides.
        needsTidy(text) ? tidyEverything(text) : trimmingSpaces(text)
    }

    /// `tidy` without the quick test (which a test checks against it).
    static func tidyEverything(_ text: String) -> String {
        var t = text
        while t.contains("  ") { t = t.replacingOccurrences(of: "  ", with: " ") }
        for empty in ["()", "( )", "[]", "«»", "\"\""] { t = t.replacingOccurrences(of: empty, with: "") }
        while t.contains("  ") { t = t.replacingOccurrences(of: "  ", with: " ") }
        for p in [" .", " ,", " :", " ;"] { t = t.replacingOccurrences(of: p, with: String(p.dropFirst())) }
        for p in [":.", ",.", ": .", ", ."] { t = t.replacingOccurrences(of: p, with: ".") }
        return trimmingSpaces(t)
    }

    /// Drops leading and trailing spaces and tabs (what `trimmingCharacters(in: .whitespaces)`
    /// did for replies, without bridging through NSString).
    static func trimmingSpaces(_ text: String) -> String {
        let u = text.utf8
        guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        if first == u.startIndex, last == u.index(before: u.endIndex) { return text }
        return String(text[first...last])
    }

    /// True when `text` may hold something `tidy` changes besides the ends: a pair of bytes that
    /// starts one of its patterns (`"  "`, `" ."`, `"()"`, `"( )"`, `"[]"`, `":."`, `",."`,
    /// `"\"\""`, and `"«»"`, whose bytes C2 AB C2 BB hold the pair AB C2). Never false when
    /// `tidy` would change the inside of the text (a test checks it on random texts).
    static func needsTidy(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var previous: UInt8 = 0
            for b in bytes {
                // Most bytes are letters: only these can start a pattern.
                switch previous {
                case 0x20: if b == 0x20 || b == 0x2E || b == 0x2C || b == 0x3A || b == 0x3B { return true }
                case 0x28: if b == 0x29 || b == 0x20 { return true }
                case 0x5B: if b == 0x5D { return true }
                case 0x3A, 0x2C: if b == 0x2E { return true }
                case 0x22: if b == 0x22 { return true }
                case 0xAB: if b == 0xC2 { return true }
                default: break
                }
                previous = b
            }
            return false
        }
    }

    /// FNV-1a over the bytes of `first` then `second` (the hash of their concatenation, with no
    /// string built per reply): Swift's `hashValue` is seeded per process, and conversations
    /// must replay identically.
    static func stableHash(_ first: String, _ second: String = "") -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        func mix(_ s: String) {
            for b in s.utf8 {
                h ^= UInt64(b)
                h = h &* 0x100000001b3
            }
        }
        mix(first)
        mix(second)
        return h
    }

    /// The promotions running on the shop's calendar day of `now` (`until` is the last valid
    /// day, in the shop's zone): an expired promotion is never offered.
    func promotionsList(language: Language, now: Date) -> String {
        guard !profile.promotions.isEmpty else { return "" }
        let today = Self.isoDay(now, zone: profile.support.timeZone)
        return profile.promotions.filter { ($0.until ?? "9999") >= today }.compactMap { $0.description[language] }.joined(separator: " ")
    }

    /// The placeholder values that depend only on the profile and the language (computed once).
    func fixedValues(language: Language) -> [String: String] {
        let book = books[language]
        func word(_ key: String) -> String {
            var ignored: [String] = []
            return book?.variants(key, tone: .neutral).first?.render([:], missing: &ignored) ?? key
        }
        var v: [String: String] = [
            "shop.name": profile.name,
            "shop.email": profile.contact.email ?? "",
            "shop.phone": profile.contact.phone ?? "",
            "shop.website": profile.website ?? "",
            "returns.window_days": String(profile.returns.windowDays),
            "returns.cost": PriceFormat.format(profile.returns.cost, currency: profile.currency, language: language),
            "returns.refund_days": String(profile.returns.refundDays),
            "vat.rate": profile.vatRate.rounded() == profile.vatRate ? String(Int(profile.vatRate)) : String(profile.vatRate),
            "shipping.free_over": profile.shipping.freeOver.map { PriceFormat.format($0, currency: profile.currency, language: language) } ?? "",
            "cancellation.fee": PriceFormat.format(profile.cancellation.fee, currency: profile.currency, language: language),
        ]
        v["payment.methods"] = Self.list(profile.paymentMethods.map { word("payment.\($0)") }, and: word("list.and"))
        v["support.hours"] = hoursText(word: word)
        return v
    }

    func hoursText(word: (String) -> String) -> String {
        let names = [2: "day.mon", 3: "day.tue", 4: "day.wed", 5: "day.thu", 6: "day.fri", 7: "day.sat", 1: "day.sun"]
        var groups: [(days: [Int], window: String)] = []
        for day in [2, 3, 4, 5, 6, 7, 1] {
            for w in profile.support.windows[day, default: []] {
                let text = String(format: "%02d:%02d–%02d:%02d", w.open / 60, w.open % 60, w.close / 60, w.close % 60)
                if let i = groups.firstIndex(where: { $0.window == text }) { groups[i].days.append(day) } else { groups.append(([day], text)) }
            }
        }
        return groups.map { g in
            let first = word(names[g.days.first!]!), last = word(names[g.days.last!]!)
            return (g.days.count > 1 ? "\(first)–\(last)" : first) + " " + g.window
        }.joined(separator: ", ")
    }

    static func list(_ items: [String], and: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(and) " + items.last!
    }
}

extension Renderer {
    /// The calendar day of `date` in `zone`, as `yyyy-MM-dd` (plain arithmetic: a Calendar or
    /// DateFormatter per reply cost a bot turn a tenth of its time).
    static func isoDay(_ date: Date, zone: TimeZone) -> String {
        let (y, m, d) = civilDate(daysSince1970: local(date, zone: zone).day)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// The day number (since 1970) and the minute of that day of `date` in `zone`.
    static func local(_ date: Date, zone: TimeZone) -> (day: Int, minute: Int) {
        let seconds = Int((date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))).rounded(.down))
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (day, (seconds - day * 86_400) / 60)
    }

    /// `2026-11-26` → `26 de noviembre` / `26 November`, in the words of `Responses/`
    /// (`date.day_month`, `month.1`…`month.12`); other text is shown as given.
    func formatDay(_ isoDay: String, book: ResponseBook, missing: inout [String]) -> String {
        guard let (_, month, day) = Self.parseISODay(isoDay),
              let monthName = book.variants("month.\(month)", tone: .neutral).first?.render([:], missing: &missing),
              let format = book.variants("date.day_month", tone: .neutral).first else { return isoDay }
        return format.render(["date.day": String(day), "date.month": monthName], missing: &missing)
    }

    /// When the team is back, in the shop's time zone and from the day of `now`: `opening.today`,
    /// `opening.tomorrow` or `opening.later` (with `weekday.mon`…) of `Responses/`, so a
    /// customer writing at 07:00 on a Wednesday hears "hoy a las 09:00", not "el miércoles".
    func formatOpening(_ date: Date, now: Date, book: ResponseBook, missing: inout [String]) -> String {
        let zone = profile.support.timeZone
        let (day, minute) = Self.local(date, zone: zone)
        var values = ["opening.time": Self.pad(minute / 60, 2) + ":" + Self.pad(minute % 60, 2)]
        let key: String
        switch day - Self.local(now, zone: zone).day {
        case 0: key = "opening.today"
        case 1: key = "opening.tomorrow"
        default:
            key = "opening.later"
            // Day 0 (1 January 1970) was a Thursday.
            let names = ["weekday.thu", "weekday.fri", "weekday.sat", "weekday.sun", "weekday.mon", "weekday.tue", "weekday.wed"]
            values["opening.day"] = book.variants(names[(day % 7 + 7) % 7], tone: .neutral).first?.render([:], missing: &missing) ?? ""
        }
        guard let format = book.variants(key, tone: .neutral).first else {
            missing.append(key)
            return "-"
        }
        return format.render(values, missing: &missing)
    }

    /// Year, month and day of a strict `yyyy-MM-dd`, or nil.
    static func parseISODay(_ text: String) -> (Int, Int, Int)? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int(b[i] - 0x30)
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), (1...12).contains(m),
              d >= 1, d <= daysIn(month: m, year: y) else { return nil }
        return (y, m, d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count.
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
