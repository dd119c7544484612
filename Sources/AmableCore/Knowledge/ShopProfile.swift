import Foundation

/// The shop's own facts, from one JSON file: Amable answers from these and never invents.
public struct ShopProfile: Sendable {
    public var name: String
    public var website: String?
    public var defaultLanguage: Language
    public var currency: String
    public var support: SupportHours
    public var contact: Contact
    public var pricesIncludeVAT: Bool
    public var vatRate: Double
    public var shipping: Shipping
    public var returns: Returns
    public var cancellation: Cancellation
    public var paymentMethods: [String]
    public var promotions: [Promotion]
    public var escalation: EscalationSettings
    /// Path of the orders file, relative to the profile (demo shops only).
    public var ordersFile: String?
    /// URL a real shop sets; Amable calls it with the order number.
    public var ordersURL: String?

    public struct Contact: Sendable {
        public var email: String?
        public var phone: String?
        public var chat: Bool
    }

    public struct Shipping: Sendable {
        public var freeOver: Double?
        public var zones: [Zone]
        public func zone(_ id: String) -> Zone? { zones.first { $0.id == id } }
    }

    /// One shipping zone: mainland Spain, Balearic Islands, Canary Islands, Ceuta and Melilla, EU, world.
    public struct Zone: Sendable {
        public var id: String
        public var price: Double
        public var daysMin: Int
        public var daysMax: Int
        /// Canary Islands, Ceuta, Melilla and non-EU countries: no Spanish VAT, possible customs fees.
        public var vatExempt: Bool
        public var customs: Bool
        /// Free shipping over `Shipping.freeOver` applies here too.
        public var freeShippingApplies: Bool
    }

    public struct Returns: Sendable {
        public var windowDays: Int
        public var free: Bool
        public var cost: Double
        public var refundDays: Int
    }

    public struct Cancellation: Sendable {
        public var fee: Double
        public var untilStatus: String
    }

    public struct Promotion: Sendable {
        public var code: String?
        public var percent: Double?
        public var description: [Language: String]
        public var until: String?
    }

    /// When a person takes over (thresholds in data, not code).
    public struct EscalationSettings: Sendable {
        public var angerThreshold: Double
        public var repeatedComplaints: Int
        public var failedUnderstandings: Int
        public var alwaysHuman: [String]
    }
}

/// Support hours in the shop's time zone.
public struct SupportHours: Sendable {
    public var timeZone: TimeZone
    /// Opening windows per weekday, 1 = Sunday … 7 = Saturday (Calendar's numbering).
    public var windows: [Int: [(open: Int, close: Int)]]

    /// True when a person is at work at `date`.
    public func isOpen(at date: Date) -> Bool {
        let (weekday, minute) = local(date)
        return windows[weekday, default: []].contains { minute >= $0.open && minute < $0.close }
    }

    /// The next time support opens after `date` (nil when it never does).
    public func nextOpening(after date: Date) -> Date? {
        let (weekday, minute) = local(date)
        for dayOffset in 0..<8 {
            let day = (weekday - 1 + dayOffset) % 7 + 1
            for window in windows[day, default: []].sorted(by: { $0.open < $1.open }) {
                if dayOffset == 0, window.open <= minute { continue }
                let minutesAhead = dayOffset * 1440 + window.open - minute
                return date.addingTimeInterval(TimeInterval(minutesAhead * 60)).rounded(toMinute: true)
            }
        }
        return nil
    }

    private func local(_ date: Date) -> (weekday: Int, minute: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        return (c.weekday ?? 1, (c.hour ?? 0) * 60 + (c.minute ?? 0))
    }
}

extension Date {
    func rounded(toMinute: Bool) -> Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 / 60).rounded(.down) * 60)
    }
}
