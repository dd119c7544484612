import Foundation

/// What the shop knows of one order, as an order provider returns it.
public struct Order: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case preparing, shipped, delivered, cancelled, returned
    }

    public var number: String
    public var status: Status
    public var carrier: String?
    public var tracking: String?
    public var trackingURL: String?
    /// `YYYY-MM-DD`, as the shop gave it.
    public var estimatedDelivery: String?
    public var deliveredOn: String?
    public var items: String?
    public var total: Double?

    public init(number: String, status: Status, carrier: String? = nil, tracking: String? = nil, trackingURL: String? = nil,
                estimatedDelivery: String? = nil, deliveredOn: String? = nil, items: String? = nil, total: Double? = nil) {
        self.number = number
        self.status = status
        self.carrier = carrier
        self.tracking = tracking
        self.trackingURL = trackingURL
        self.estimatedDelivery = estimatedDelivery
        self.deliveredOn = deliveredOn
        self.items = items
        self.total = total
    }

    /// Decodes one order object; problems go to `reader`.
    public static func decode(_ node: JSONNode, path: String, reader: JSONReader) -> Order? {
        guard let members = reader.object(node, path) else { return nil }
        reader.rejectUnknownKeys(members, known: [
            "number", "status", "carrier", "tracking", "tracking_url", "estimated_delivery", "delivered_on", "items", "total",
        ], path: path)
        guard let number = reader.string(node["number"], "\(path).number"),
              let statusText = reader.string(node["status"], "\(path).status") else { return nil }
        guard let status = Status(rawValue: statusText) else {
            reader.problem("unknown status \"\(statusText)\" (\(Status.allCases.map(\.rawValue).joined(separator: ", ")))", at: node["status"], path: "\(path).status")
            return nil
        }
        return Order(
            number: OrderNumber.canonical(number), status: status,
            carrier: reader.string(node["carrier"], "\(path).carrier", required: false),
            tracking: reader.string(node["tracking"], "\(path).tracking", required: false),
            trackingURL: reader.string(node["tracking_url"], "\(path).tracking_url", required: false),
            estimatedDelivery: reader.string(node["estimated_delivery"], "\(path).estimated_delivery", required: false),
            deliveredOn: reader.string(node["delivered_on"], "\(path).delivered_on", required: false),
            items: reader.string(node["items"], "\(path).items", required: false),
            total: reader.number(node["total"], "\(path).total", required: false))
    }
}

/// Order numbers compare without `#`, spaces or case: `#10482` is `10482`, `ped-20481` is `PED-20481`.
public enum OrderNumber {
    public static func canonical(_ raw: String) -> String {
        // ASCII (every order number seen so far): spaces, `#` and case by bytes.
        if raw.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(raw.utf8)
            while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
            var start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.endIndex
            if start < bytes.endIndex, bytes[start] == 0x23 { start += 1 }
            return String(decoding: bytes[start...].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
        }
        let trimmed = raw.trimmingCharacters(in: .whitespaces).uppercased()
        return trimmed.hasPrefix("#") ? String(trimmed.dropFirst()) : trimmed
    }

    /// Plausible order numbers: 4–12 digits, or 2–4 letters, a dash and 4–12 digits.
    public static func isPlausible(_ number: String) -> Bool {
        // The dash-separated runs (empty runs ignored, as `split` does).
        let parts = number.utf8.split(separator: 0x2D)
        guard let digits = parts.last, (4...12).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        if parts.count == 2 {
            return (2...4).contains(parts[0].count) && parts[0].allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
        }
        return parts.count == 1
    }
}

/// The result of looking an order up, fed to the dialogue policy (which does no I/O itself).
public enum OrderLookup: Sendable, Equatable {
    case found(Order)
    case notFound(String)
    /// The shop's system did not answer in time or answered with an error.
    case unavailable(String)
}

/// Where orders come from: a bundled file for the demo shop, the shop's HTTP API for real ones.
public protocol OrderProvider: Sendable {
    func order(number: String) async -> OrderLookup
}

/// Orders from a list loaded at start-up (the demo shop's `orders.json`).
public struct StaticOrderProvider: OrderProvider {
    public let orders: [String: Order]
    public init(orders: [Order]) { self.orders = Dictionary(orders.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a }) }
    public func order(number: String) async -> OrderLookup {
        let key = OrderNumber.canonical(number)
        return orders[key].map(OrderLookup.found) ?? .notFound(key)
    }
}
