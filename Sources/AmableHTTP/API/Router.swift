/// Routes built once at start-up, then only read: method + path pattern → handler.
///
/// Patterns are literal segments and `{name}` parameters (`/v1/handoff/{ticket}/claim`);
/// parameters are percent-decoded. A path that matches with another method gives 405 and the
/// methods it allows; HEAD is served by GET routes.
struct Router<Handler: Sendable>: Sendable {
    struct Route: Sendable {
        var method: String
        var pattern: String
        var segments: [Segment]
        var handler: Handler
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    enum Match {
        case found(Route, [String: String])
        case methodNotAllowed([String])
        case notFound
        /// A parameter's percent-encoding is broken.
        case badPath
    }

    private(set) var routes: [Route] = []

    mutating func add(_ method: String, _ pattern: String, _ handler: Handler) {
        let segments = Self.split(pattern).map { s -> Segment in
            s.hasPrefix("{") && s.hasSuffix("}") ? .parameter(String(s.dropFirst().dropLast())) : .literal(String(s))
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, handler: handler))
    }

    func match(method: String, path: String) -> Match {
        let parts = Self.split(path)
        var allowed: [String] = []
        for route in routes where route.segments.count == parts.count {
            var params: [String: String] = [:]
            var matched = true
            for (segment, part) in zip(route.segments, parts) {
                switch segment {
                case .literal(let l): if l != part { matched = false }
                case .parameter(let name):
                    guard let value = PercentDecoding.decode(part) else { return .badPath }
                    params[name] = value
                }
                if !matched { break }
            }
            guard matched else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") { return .found(route, params) }
            allowed.append(route.method)
        }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed)
    }

    /// `/a/b/` and `/a/b` are the same path; empty segments are kept otherwise (`/a//b`).
    static func split(_ path: String) -> [Substring] {
        var p = Substring(path)
        if p.hasPrefix("/") { p = p.dropFirst() }
        if p.hasSuffix("/") { p = p.dropLast() }
        return p.isEmpty ? [] : p.split(separator: "/", omittingEmptySubsequences: false)
    }
}
