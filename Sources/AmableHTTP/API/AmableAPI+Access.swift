import AmableCore
import Foundation

extension AmableAPI {
    /// Checks credentials for the route's access level: shop key (and signature), agent token.
    func authorize(_ access: Access, _ context: Context) throws(APIError) -> Context {
        var c = context
        let keys = configuration.keys
        switch access {
        case .open:
            break
        case .metrics:
            guard !keys.agentTokens.isEmpty else { break }
            guard let token = AccessKeys.bearer(c.request), let agent = keys.agent(secret: token) else {
                throw .unauthorized("metrics need an agent token: Authorization: Bearer <token>")
            }
            c.agent = agent
        case .agent:
            guard !keys.agentTokens.isEmpty else {
                throw .unauthorized("agent routes need an agent token, and none is configured (amable serve --keys FILE)")
            }
            guard let token = AccessKeys.bearer(c.request) else { throw .unauthorized("send an agent token: Authorization: Bearer <token>") }
            guard let agent = keys.agent(secret: token) else { throw .unauthorized("unknown agent token") }
            c.agent = agent
        case .shop:
            if keys.requiresShopKey {
                // Rasa's REST clients authenticate with `?token=` (as Rasa's own server does).
                let query = c.route.hasPrefix("/webhooks/") ? c.request.query("token") : nil
                guard let secret = AccessKeys.bearer(c.request) ?? query else {
                    throw .unauthorized("send the shop's key: Authorization: Bearer <key>")
                }
                guard let shop = keys.shop(secret: secret) else { throw .unauthorized("unknown shop key") }
                c.shop = shop
                if let secret = shop.signingSecret, c.request.method == "POST",
                   let why = signatures.verify(c.request, secret: secret, now: configuration.clock().timeIntervalSince1970) {
                    throw APIError(401, "bad_signature", why)
                }
            }
            let client = c.shop.map { "key:\($0.name)" } ?? "client:" + Self.host(of: c.request.remoteAddress)
            if let wait = keyLimiter.take(client, now: Double(Monotonic.milliseconds()) / 1000) {
                throw .rateLimited(retryAfter: wait, "too many requests for this key; retry in \(wait) s")
            }
        }
        return c
    }

    /// Customer messages per conversation: a person types a few a minute, a loop many more.
    func limitConversation(_ storedID: String) throws(APIError) {
        if let wait = conversationLimiter.take(storedID, now: Double(Monotonic.milliseconds()) / 1000) {
            throw .rateLimited(retryAfter: wait, "too many messages to this conversation; retry in \(wait) s")
        }
    }

    static func host(of address: String?) -> String {
        guard let address else { return "?" }
        let bytes = address.utf8
        if bytes.first == UInt8(ascii: "["), let end = bytes.firstIndex(of: UInt8(ascii: "]")) {
            return String(address[bytes.index(after: bytes.startIndex)..<end])
        }
        // `host:port`: the first part between colons that is not empty ("?" when none is).
        guard let start = bytes.firstIndex(where: { $0 != UInt8(ascii: ":") }) else { return "?" }
        let end = bytes[start...].firstIndex(of: UInt8(ascii: ":")) ?? bytes.endIndex
        return String(address[start..<end])
    }

    /// A conversation id as a client gives it: 1–100 characters, no spaces, controls or `/`.
    func publicID(_ context: Context, _ raw: String?) throws(APIError) -> String {
        guard let id = raw, !id.isEmpty else { throw .badRequest("a conversation id is needed") }
        guard id.count <= 100 else { throw .badRequest("a conversation id has at most 100 characters") }
        guard !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " || $0 == "/" || $0.properties.isWhitespace }) else {
            throw .badRequest("a conversation id has no spaces, control characters or slashes")
        }
        return id
    }

    /// The id the store knows: prefixed with the shop key's name, so one key's conversation
    /// ids can never reach another key's conversations.
    func storedID(_ context: Context, _ publicID: String) -> String {
        guard let shop = context.shop else { return publicID }
        return "\(shop.name):\(publicID)"
    }

    /// The shop key and public id of a stored conversation id (for callbacks from agent actions).
    func owner(ofStored id: String) -> (shop: AccessKeys.ShopKey?, publicID: String) {
        guard configuration.keys.requiresShopKey, let colon = id.firstIndex(of: ":") else { return (nil, id) }
        return (configuration.keys.shop(named: String(id[..<colon])), String(id[id.index(after: colon)...]))
    }

    /// The body as a JSON object; `Content-Type: application/json` is required, which also
    /// keeps a foreign web page from posting here without a CORS preflight.
    func jsonBody(_ request: HTTPRequest) throws(APIError) -> JSONNode {
        guard Self.isJSON(mediaType: request.headers["Content-Type"]) else { throw .unsupportedMediaType() }
        let node: JSONNode
        do {
            node = try JSONParser.parse(request.body, limits: .init(maxBytes: 64 * 1024, maxDepth: 16))
        } catch {
            throw .invalidJSON("the body is not valid JSON: \(error.description)")
        }
        guard node.members != nil else { throw .invalidJSON("the body must be a JSON object") }
        return node
    }

    /// Whether a `Content-Type` value names `application/json`, whatever its case, spaces and
    /// parameters (`application/json; charset=utf-8`), read by bytes.
    static func isJSON(mediaType value: String?) -> Bool {
        guard let value else { return false }
        var bytes = value.utf8[...]
        if let semicolon = bytes.firstIndex(of: UInt8(ascii: ";")) { bytes = bytes[..<semicolon] }
        while let b = bytes.first, b == 32 || b == 9 { bytes = bytes.dropFirst() }
        while let b = bytes.last, b == 32 || b == 9 { bytes = bytes.dropLast() }
        let expected = "application/json".utf8
        return bytes.count == expected.count && zip(bytes, expected).allSatisfy { asciiLowercase($0) == $1 }
    }

    /// POSTs messages to the conversation's callback URL, if its shop has one; never waits.
    func sendCallback(storedID: String, messages: [ChatMessage]) {
        guard !messages.isEmpty else { return }
        let (shop, publicID) = owner(ofStored: storedID)
        guard let url = shop?.callbackURL ?? (configuration.keys.requiresShopKey ? nil : configuration.keys.defaultCallbackURL) else { return }
        let body = JSONValue.obj([("conversation", .string(publicID)), ("messages", .arr(messages.map(\.jsonValue)))]).serialized()
        callbacks.enqueue(url, body: Array(body.utf8), secret: shop?.signingSecret)
    }
}
