/// One problem found in a data file, printed as `file:line: message`.
public struct DataProblem: Sendable, Equatable, CustomStringConvertible, Error {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { "\(file):\(line): \(message)" } else { "\(file): \(message)" }
    }
}

/// Thrown when data cannot be used; carries every problem found, not just the first.
public struct DataError: Error, CustomStringConvertible, Sendable {
    public var problems: [DataProblem]
    public init(problems: [DataProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
