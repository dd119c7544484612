import Foundation
@testable import AmableCore

/// The repository's own data (Intents/, Responses/, Shops/demo), loaded once for all tests.
enum BundledData {
    static let home = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let loaded: (DataSet, [DataProblem]) = DataSet.load(DataSet.Location(home: home))

    static let bot: Bot = {
        let (data, problems) = loaded
        precondition(problems.isEmpty, "bundled data has problems: \(problems)")
        return try! Bot(data: data)
    }()

    static func understand(_ text: String, _ language: Language? = nil, expectingOrderNumber: Bool = false) -> Understanding {
        bot.understander.understand(text, language: language ?? .es, detect: language == nil,
                                    expectingOrderNumber: expectingOrderNumber, explain: true)
    }
}
