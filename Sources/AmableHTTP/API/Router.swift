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
            // Literal segments first, by bytes (paths are percent-encoded ASCII); parameters
            // are decoded only for the route that matches.
            var matched = true
            for (segment, part) in zip(route.segments, parts) {
                if case .literal(let l) = segment, !l.utf8.elementsEqual(part.utf8) {
                    matched = false
                    break
                }
            }
            guard matched else { continue }
            guard route.method == method || (method == "HEAD" && route.method == "GET") else {
                allowed.append(route.method)
                continue
            }
            var params: [String: String] = [:]
            for (segment, part) in zip(route.segments, parts) {
                guard case .parameter(let name) = segment else { continue }
                guard let value = PercentDecoding.decode(part) else { return .badPath }
                params[name] = value
            }
            return .found(route, params)
        }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed)
    }

    /// `/a/b/` and `/a/b` are the same path; empty segments are kept otherwise (`/a//b`).
    /// Split by bytes: `/` is ASCII and never part of another character's encoding.
    static func split(_ path: String) -> [Substring] {
        let slash = UInt8(ascii: "/")
        let bytes = path.utf8
        var start = bytes.startIndex, end = bytes.endIndex
        if start < end, bytes[start] == slash { start = bytes.index(after: start) }
        if start < end, bytes[bytes.index(before: end)] == slash { end = bytes.index(before: end) }
        guard start < end else { return [] }
        var parts: [Substring] = []
        var segment = start, i = start
        while i < end {
            if bytes[i] == slash {
                parts.append(path[segment..<i])
                segment = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        parts.append(path[segment..<end])
        return parts
    }
}
