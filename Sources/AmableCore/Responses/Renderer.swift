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
        "queue.wait", "agent.name", "max_length", "queue.minutes",
    ]

    /// Renders `replies`, advancing the conversation's variant counters.
    public func render(_ replies: [Reply], in c: inout Conversation, missing: inout [String]) -> [RenderedReply] {
        guard let book = books[c.language] ?? books.values.first else { return [] }
        let globals = globalValues(language: book.language, now: c.updatedAt)
        var out: [RenderedReply] = []
        for reply in replies {
            let tone = reply.tone ?? (c.mood >= 0.25 ? .apologetic : c.mood <= -0.15 ? .warm : .neutral)
            let variants = book.variants(reply.key, tone: tone)
            guard !variants.isEmpty else {
                missing.append(reply.key)
                continue
            }
            let count = c.replyCounts[reply.key, default: 0]
            c.replyCounts[reply.key] = count + 1
            let index = (Int(Self.stableHash(c.id + reply.key) % 997) + count) % variants.count
            var values = globals
            for (name, value) in reply.values {
                switch value {
                case .text(let t): values[name] = t
                case .key(let k): values[name] = book.variants(k, tone: .neutral).first?.render(globals, missing: &missing) ?? ""
                case .price(let amount): values[name] = PriceFormat.format(amount, currency: profile.currency, language: book.language)
                case .day(let iso): values[name] = Self.formatDay(iso, language: book.language)
                }
            }
            let text = variants[index].render(values, missing: &missing)
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let quick = reply.quickReplies.compactMap { book.variants($0, tone: .neutral).first?.render(globals, missing: &missing) }
            out.append(RenderedReply(key: reply.key, text: Self.tidy(text), quickReplies: quick))
        }
        return out
    }

    /// Removes the double spaces and space-before-punctuation an empty placeholder leaves.
    static func tidy(_ text: String) -> String {
        // Almost every reply is already tidy: one pass over the bytes decides.
        guard needsTidy(text) else { return text.trimmingCharacters(in: .whitespaces) }
        var t = text
        while t.contains("  ") { t = t.replacingOccurrences(of: "  ", with: " ") }
        for empty in ["()", "( )", "[]", "«»", "\"\""] { t = t.replacingOccurrences(of: empty, with: "") }
        while t.contains("  ") { t = t.replacingOccurrences(of: "  ", with: " ") }
        for p in [" .", " ,", " :", " ;"] { t = t.replacingOccurrences(of: p, with: String(p.dropFirst())) }
        for p in [":.", ",.", ": .", ", ."] { t = t.replacingOccurrences(of: p, with: ".") }
        return t.trimmingCharacters(in: .whitespaces)
    }

    static func needsTidy(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            switch (previous, b) {
            case (0x20, 0x20), (0x20, 0x2E), (0x20, 0x2C), (0x20, 0x3A), (0x20, 0x3B), (0x28, 0x29), (0x28, 0x20), (0x5B, 0x5D),
                 (0x3A, 0x2E), (0x2C, 0x2E), (0x22, 0x22), (0xC2, 0xAB): return true
            default: previous = b
            }
        }
        return false
    }

    /// FNV-1a: Swift's `hashValue` is seeded per process, and conversations must replay identically.
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        return h
    }

    func globalValues(language: Language, now: Date) -> [String: String] {
        var v = fixedGlobals[language] ?? fixedValues(language: language)
        // An expired promotion is never offered (`until` is the last valid day, in the shop's zone).
        let today = Self.isoDay(now, zone: profile.support.timeZone)
        v["promotions.list"] = profile.promotions.filter { ($0.until ?? "9999") >= today }
            .compactMap { $0.description[language] }.joined(separator: " ")
        return v
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
    /// `2026-11-26` → `26 de noviembre` / `26 November`; other text is shown as given.
    static func isoDay(_ date: Date, zone: TimeZone) -> String {
        DayFormatters.shared.isoDay(date, zone: zone)
    }

    static func formatDay(_ isoDay: String, language: Language) -> String {
        DayFormatters.shared.format(isoDay, language: language)
    }
}

/// Date formatters are costly to build (a bot turn spent a tenth of its time on it), so they
/// are made once and shared behind a lock (DateFormatter is not thread-safe to mutate).
final class DayFormatters: @unchecked Sendable {
    static let shared = DayFormatters()
    private let lock = NSLock()
    private let parser: DateFormatter
    private var writers: [Language: DateFormatter] = [:]
    private var calendars: [TimeZone: Calendar] = [:]

    private init() {
        parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.timeZone = TimeZone(identifier: "UTC")
        parser.dateFormat = "yyyy-MM-dd"
    }

    func format(_ isoDay: String, language: Language) -> String {
        lock.lock()
        defer { lock.unlock() }
        guard let date = parser.date(from: isoDay) else { return isoDay }
        let out = writers[language] ?? {
            let f = DateFormatter()
            f.timeZone = parser.timeZone
            f.locale = Locale(identifier: language == .es ? "es_ES" : "en_GB")
            f.dateFormat = language == .es ? "d 'de' MMMM" : "d MMMM"
            writers[language] = f
            return f
        }()
        return out.string(from: date)
    }

    func isoDay(_ date: Date, zone: TimeZone) -> String {
        lock.lock()
        defer { lock.unlock() }
        let calendar = calendars[zone] ?? {
            var c = Calendar(identifier: .gregorian)
            c.timeZone = zone
            calendars[zone] = c
            return c
        }()
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}

