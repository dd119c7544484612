import AmableCore
import Foundation

/// `amable check`: validates all data; one line per problem, non-zero exit when any.
enum CheckCommand {
    static func run(_ args: Arguments) throws -> Int32 {
        let location = try Home.locate(args)
        let (data, problems) = DataSet.load(location)
        for p in problems { print(p.description) }
        if problems.isEmpty {
            let intents = data.intents.map { "\($0.value.count) \($0.key.rawValue)" }.sorted().joined(separator: ", ")
            let examples = data.intents.values.joined().reduce(0) { $0 + $1.examples.count }
            let replies = data.books.values.reduce(0) { $0 + $1.keys.count }
            print("ok: \(intents) intents, \(examples) examples, \(replies) replies, shop \"\(data.profile?.name ?? "?")\", \(data.orders.count) orders")
            return 0
        }
        FileHandle.standardError.write(Data("\(problems.count) problem(s)\n".utf8))
        return 1
    }
}
