import AmableService
import Foundation
import Synchronization

/// The interactive REPL's background check for news (an agent's reply from another
/// terminal): printed at once, then the prompt again, so the customer never has to press
/// Enter to see that a person answered.
final class Poller: Sendable {
    private let currentPrompt = Mutex("")
    static let interval: TimeInterval = 1

    var prompt: String {
        get { currentPrompt.withLock { $0 } }
        set { currentPrompt.withLock { $0 = newValue } }
    }

    init(service: ChatService, inbox: Inbox, color: Style) {
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: Self.interval)
                guard let news = try? inbox.news(from: service), !news.isEmpty else { continue }
                var out = "\r\u{1B}[K"  // over the prompt the customer is looking at
                for m in news { out += REPL.line(m, color: color) + "\n" }
                out += prompt
                FileHandle.standardOutput.write(Data(out.utf8))
            }
        }
    }
}
