import AmableCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Orders from the shop's own API: `GET <orders_url with {number}>` → an order as JSON.
///
/// A slow or broken shop system must not leave a customer waiting: the request times out
/// after `timeout` (3 s at most), and any failure becomes `.unavailable`, which the dialogue
/// turns into an honest "I can't check right now" and an offer of a person.
public struct HTTPOrderProvider: OrderProvider {
    public let urlTemplate: String
    public let timeout: TimeInterval
    public let headers: [String: String]
    /// A shop's answer larger than this is not an order.
    static let maxBody = 64 * 1024

    public init(urlTemplate: String, timeout: TimeInterval = 3, headers: [String: String] = [:]) {
        self.urlTemplate = urlTemplate
        self.timeout = min(timeout, 3)
        self.headers = headers
    }

    /// The URL for one order number; the number is percent-encoded as a path segment.
    public func url(for number: String) -> URL? {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))
        guard let encoded = number.addingPercentEncoding(withAllowedCharacters: allowed) else { return nil }
        let text = urlTemplate.contains("{number}") ? urlTemplate.replacingOccurrences(of: "{number}", with: encoded)
            : urlTemplate.hasSuffix("/") ? urlTemplate + encoded : urlTemplate + "/" + encoded
        guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else { return nil }
        return url
    }

    public func order(number: String) async -> OrderLookup {
        let canonical = OrderNumber.canonical(number)
        guard let url = url(for: canonical) else { return .unavailable(canonical) }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { return .unavailable(canonical) }
            if http.statusCode == 404 { return .notFound(canonical) }
            guard (200..<300).contains(http.statusCode), data.count <= Self.maxBody else { return .unavailable(canonical) }
            let node = try JSONParser.parse(Array(data), limits: .init(maxBytes: Self.maxBody, maxDepth: 16))
            let reader = JSONReader(file: url.absoluteString)
            // Accept `{"order": {...}}` as well as the bare order object.
            guard let order = Order.decode(node["order"] ?? node, path: "order", reader: reader) else { return .unavailable(canonical) }
            return order.number == canonical ? .found(order) : .unavailable(canonical)
        } catch {
            return .unavailable(canonical)
        }
    }
}
