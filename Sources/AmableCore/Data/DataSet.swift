import Foundation

/// Everything a shop's data folders hold, loaded and validated.
public struct DataSet: Sendable {
    public var lexicons: [Language: Lexicon] = [:]
    public var intents: [Language: [IntentDefinition]] = [:]
    public var settings = MatcherSettings()
    public var emoji = EmojiSignals()
    public var books: [Language: ResponseBook] = [:]
    public var profile: ShopProfile?
    public var orders: [Order] = []

    /// Where the data lives: the folder holding `Intents/` and `Responses/`, and the shop profile.
    public struct Location: Sendable {
        public var home: URL
        public var shop: URL
        public init(home: URL, shop: URL? = nil) {
            self.home = home
            self.shop = shop ?? home.appendingPathComponent("Shops/demo/shop.json")
        }
    }

    /// Largest data file accepted: data is edited by hand, a bigger file is a mistake.
    static let maxFileBytes = 4 << 20

    /// Loads every file, collecting all problems; `problems` is empty when the data is usable.
    public static func load(_ location: Location) -> (DataSet, [DataProblem]) {
        var data = DataSet()
        var problems: [DataProblem] = []
        let home = location.home
        func relative(_ url: URL) -> String {
            let path = url.standardizedFileURL.path, base = home.standardizedFileURL.path + "/"
            return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
        }
        func parse(_ url: URL) -> (JSONNode, JSONReader)? {
            let name = relative(url)
            let reader = JSONReader(file: name)
            guard let bytes = FileManager.default.contents(atPath: url.path) else {
                problems.append(DataProblem(file: name, line: nil, message: "cannot be read"))
                return nil
            }
            guard bytes.count <= maxFileBytes else {
                problems.append(DataProblem(file: name, line: nil, message: "is larger than \(maxFileBytes) bytes"))
                return nil
            }
            do {
                return (try JSONParser.parse(Array(bytes)), reader)
            } catch {
                problems.append(DataProblem(file: name, line: error.line, message: "malformed JSON: column \(error.column): \(error.message)"))
                return nil
            }
        }
        func jsonFiles(_ dir: URL) -> [URL] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return names.filter { $0.hasSuffix(".json") }.sorted().map { dir.appendingPathComponent($0) }
        }

        let settingsURL = home.appendingPathComponent("Intents/matcher.json")
        if let (root, reader) = parse(settingsURL) {
            data.settings = MatcherSettings.decode(root, reader: reader)
            problems += reader.problems
        }
        if let (root, reader) = parse(home.appendingPathComponent("Intents/emoji.json")) {
            data.emoji = EmojiSignals.decode(root, reader: reader)
            problems += reader.problems
        }
        for language in Language.allCases {
            let dir = home.appendingPathComponent("Intents/\(language.rawValue)")
            var lexicon = Lexicon(language: language)
            if let (root, reader) = parse(dir.appendingPathComponent("_lexicon.json")) {
                lexicon = Lexicon.decode(root, language: language, reader: reader)
                problems += reader.problems
            }
            data.lexicons[language] = lexicon
            var intents: [IntentDefinition] = []
            for url in jsonFiles(dir) where !url.lastPathComponent.hasPrefix("_") {
                guard let (root, reader) = parse(url) else { continue }
                let expected = String(url.lastPathComponent.dropLast(5))
                if let intent = IntentDefinition.decode(root, language: language, file: relative(url), expectedName: expected, reader: reader) {
                    intents.append(intent)
                }
                problems += reader.problems
            }
            if intents.isEmpty {
                problems.append(DataProblem(file: relative(dir), line: nil, message: "no intent files"))
            }
            data.intents[language] = intents

            var book = ResponseBook(language: language)
            let responses = home.appendingPathComponent("Responses/\(language.rawValue)")
            let files = jsonFiles(responses)
            if files.isEmpty { problems.append(DataProblem(file: relative(responses), line: nil, message: "no response files")) }
            for url in files {
                guard let (root, reader) = parse(url) else { continue }
                book.add(root, file: relative(url), reader: reader)
                problems += reader.problems
            }
            data.books[language] = book
        }

        if let (root, reader) = parse(location.shop) {
            data.profile = ShopProfile.decode(root, reader: reader)
            problems += reader.problems
            if let profile = data.profile, let file = profile.ordersFile {
                let url = location.shop.deletingLastPathComponent().appendingPathComponent(file)
                if let (root, reader) = parse(url) {
                    for (i, node) in (reader.array(root["orders"], "orders") ?? []).enumerated() {
                        if let order = Order.decode(node, path: "orders[\(i)]", reader: reader) { data.orders.append(order) }
                    }
                    problems += reader.problems
                }
            }
        } else if data.profile == nil, !problems.contains(where: { $0.file == relative(location.shop) }) {
            problems.append(DataProblem(file: relative(location.shop), line: nil, message: "shop profile missing"))
        }
        problems += DataChecks(data: data).run()
        return (data, problems)
    }
}
