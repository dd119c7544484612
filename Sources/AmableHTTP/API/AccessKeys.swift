import AmableCore
import Foundation

/// Who may call the API: shop keys (the customer-facing routes) and agent tokens (the queue).
///
/// Read from a JSON file (`amable serve --keys FILE`):
/// ```json
/// {"shop_keys": [{"name": "olivo", "key": "…", "signing_secret": "…", "callback_url": "https://…"}],
///  "agent_tokens": [{"agent": "Ana", "token": "…"}]}
/// ```
/// Secrets are compared in constant time, and every configured secret is tried, so the time
/// taken says nothing about which one almost matched.
public struct AccessKeys: Sendable {
    public struct ShopKey: Sendable, Equatable {
        /// Also the conversations' namespace: one key never sees another key's conversations.
        public var name: String
        public var key: String
        /// When set, requests must carry `X-Amable-Signature` (HMAC-SHA256 of timestamp and body).
        public var signingSecret: String?
        /// Where bot and agent replies are POSTed as well.
        public var callbackURL: URL?

        public init(name: String, key: String, signingSecret: String? = nil, callbackURL: URL? = nil) {
            self.name = name
            self.key = key
            self.signingSecret = signingSecret
            self.callbackURL = callbackURL
        }
    }

    public struct AgentToken: Sendable, Equatable {
        public var agent: String
        public var token: String

        public init(agent: String, token: String) {
            self.agent = agent
            self.token = token
        }
    }

    public var shopKeys: [ShopKey]
    public var agentTokens: [AgentToken]
    /// The callback for conversations when no shop keys are configured (`--callback URL`).
    public var defaultCallbackURL: URL?

    public init(shopKeys: [ShopKey] = [], agentTokens: [AgentToken] = [], defaultCallbackURL: URL? = nil) {
        self.shopKeys = shopKeys
        self.agentTokens = agentTokens
        self.defaultCallbackURL = defaultCallbackURL
    }

    /// Shop routes need a key once any key is configured.
    public var requiresShopKey: Bool { !shopKeys.isEmpty }

    /// The shop key whose secret is `secret`.
    public func shop(secret: String) -> ShopKey? {
        var found: ShopKey?
        for k in shopKeys where ConstantTime.equal(k.key, secret) { found = k }
        return found
    }

    /// The agent whose token is `secret`.
    public func agent(secret: String) -> String? {
        var found: String?
        for t in agentTokens where ConstantTime.equal(t.token, secret) { found = t.agent }
        return found
    }

    public func shop(named name: String) -> ShopKey? { shopKeys.first { $0.name == name } }

    /// The bearer token of `Authorization: Bearer <token>` (RFC 6750 §2.1).
    static func bearer(_ request: HTTPRequest) -> String? {
        guard let value = request.headers["Authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingSpaces()
        return token.isEmpty ? nil : token
    }
}

extension AccessKeys {
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads and checks a keys file; every problem names the file and line.
    public static func load(contentsOf url: URL) throws(LoadError) -> AccessKeys {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: url))
        } catch {
            throw LoadError(description: "\(url.path): cannot read: \(error.localizedDescription)")
        }
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes, limits: .init(maxBytes: 1 << 20, maxDepth: 8))
        } catch {
            throw LoadError(description: "\(url.path):\(error.line): \(error.message)")
        }
        let reader = JSONReader(file: url.path)
        var keys = AccessKeys()
        if let members = reader.object(root, "", required: true) {
            reader.rejectUnknownKeys(members, known: ["shop_keys", "agent_tokens"], path: "")
        }
        for (i, node) in (reader.array(root["shop_keys"], "shop_keys", required: false) ?? []).enumerated() {
            let path = "shop_keys[\(i)]"
            if let members = reader.object(node, path) {
                reader.rejectUnknownKeys(members, known: ["name", "key", "signing_secret", "callback_url"], path: path)
            }
            guard let name = reader.string(node["name"], "\(path).name"), let key = reader.string(node["key"], "\(path).key") else { continue }
            if !name.unicodeScalars.allSatisfy({ CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789_-").contains($0) }) || name.count > 32 {
                reader.problem("a name is 1–32 of a-z, 0-9, _ and -", at: node["name"], path: "\(path).name")
            }
            if key.count < 16 { reader.problem("a key needs at least 16 characters", at: node["key"], path: "\(path).key") }
            if keys.shopKeys.contains(where: { $0.name == name }) { reader.problem("\"\(name)\" is used twice", at: node["name"], path: "\(path).name") }
            let secret = reader.string(node["signing_secret"], "\(path).signing_secret", required: false)
            if let secret, secret.count < 16 {
                reader.problem("a signing secret needs at least 16 characters", at: node["signing_secret"], path: "\(path).signing_secret")
            }
            var callback: URL?
            if let text = reader.string(node["callback_url"], "\(path).callback_url", required: false) {
                callback = URL(string: text)
                if callback == nil || !(callback?.scheme == "http" || callback?.scheme == "https") {
                    reader.problem("not an http(s) URL", at: node["callback_url"], path: "\(path).callback_url")
                }
            }
            keys.shopKeys.append(ShopKey(name: name, key: key, signingSecret: secret, callbackURL: callback))
        }
        for (i, node) in (reader.array(root["agent_tokens"], "agent_tokens", required: false) ?? []).enumerated() {
            let path = "agent_tokens[\(i)]"
            if let members = reader.object(node, path) { reader.rejectUnknownKeys(members, known: ["agent", "token"], path: path) }
            guard let agent = reader.string(node["agent"], "\(path).agent"), let token = reader.string(node["token"], "\(path).token") else { continue }
            if agent.count > 64 || agent == "customer" { reader.problem("an agent name is 1–64 characters, not \"customer\"", at: node["agent"], path: "\(path).agent") }
            if token.count < 16 { reader.problem("a token needs at least 16 characters", at: node["token"], path: "\(path).token") }
            keys.agentTokens.append(AgentToken(agent: agent, token: token))
        }
        let secrets = keys.shopKeys.map(\.key) + keys.agentTokens.map(\.token)
        if Set(secrets).count != secrets.count { reader.problem("the same secret is used twice", at: root, path: "") }
        if !reader.problems.isEmpty {
            throw LoadError(description: reader.problems.map(\.description).joined(separator: "\n"))
        }
        return keys
    }
}
