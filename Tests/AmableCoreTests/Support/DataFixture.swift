import Foundation
@testable import AmableCore

/// A minimal valid data folder written into a fresh temporary directory, which each test
/// then breaks in one way.
struct DataFixture {
    let root: URL

    static let intents = ["greet", "track_order"]

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("amable-fixture-\(UUID().uuidString)")
        for lang in ["es", "en"] {
            try write("Intents/\(lang)/_lexicon.json", #"{"stopwords": ["el", "the"], "concepts": {"ORDER": ["pedido", "order"]}}"#)
            try write("Intents/\(lang)/greet.json", #"{"intent": "greet", "description": "hello", "kind": "social", "examples": ["hola", "hello"], "rules": [{"all": ["hola|hello"]}]}"#)
            try write("Intents/\(lang)/track_order.json", """
                {"intent": "track_order", "description": "where is my order", "slots": ["order_number"],
                 "examples": ["donde esta mi pedido", "where is my order"],
                 "rules": [{"all": ["@ORDER", "donde|where"], "weight": 0.9}]}
                """)
            var replies: [String: [String]] = [:]
            for key in ReplyKeys.required(intents: Self.intents.map { Self.definition($0) }, profile: nil).keys {
                replies[key] = ["\(key) text"]
            }
            for zone in ShopProfile.requiredZones { replies["zone.\(zone)"] = [zone] }
            replies["payment.card"] = ["card"]
            let json = try JSONSerialization.data(withJSONObject: replies, options: [.sortedKeys, .prettyPrinted])
            try write("Responses/\(lang)/all.json", String(decoding: json, as: UTF8.self))
        }
        try write("Intents/matcher.json", #"{"threshold": 0.5}"#)
        try write("Intents/emoji.json", #"{"angry": ["😡"], "happy": ["😊"]}"#)
        try write("Shops/demo/shop.json", Self.profile)
    }

    static func definition(_ name: String) -> IntentDefinition {
        IntentDefinition(name: name, language: .es, description: "", kind: .task, slots: [], examples: [], rules: [], file: "")
    }

    static let profile = """
        {
          "name": "Fixture Shop",
          "currency": "EUR",
          "support": {"time_zone": "Europe/Madrid", "hours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "18:00"}]},
          "contact": {"email": "a@b.example"},
          "prices_include_vat": true,
          "vat_rate": 21,
          "shipping": {"free_over": 50, "zones": [
            {"id": "mainland", "price": 4.95, "days_min": 1, "days_max": 3},
            {"id": "balearic_islands", "price": 7.95, "days_min": 2, "days_max": 4},
            {"id": "canary_islands", "price": 12.95, "days_min": 4, "days_max": 7, "vat_exempt": true, "customs": true},
            {"id": "ceuta_melilla", "price": 12.95, "days_min": 4, "days_max": 8, "vat_exempt": true},
            {"id": "eu", "price": 9.95, "days_min": 3, "days_max": 6},
            {"id": "world", "price": 24.95, "days_min": 6, "days_max": 14}
          ]},
          "returns": {"window_days": 30, "free": false, "cost": 3.95, "refund_days": 14},
          "payment_methods": ["card"]
        }
        """

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    func load() -> (DataSet, [DataProblem]) {
        DataSet.load(DataSet.Location(home: root))
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }
}
