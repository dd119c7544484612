import AmableStore
import Foundation

/// The wait a customer is told: from how long agents recently took per ticket and how many
/// are at work, never a promise sharper than the data.
public enum WaitEstimate {
    /// Minutes until a person answers the ticket at `position` (1 is next).
    ///
    /// The median of recent handling times (the default when fewer than three are known),
    /// times the position, shared among the active agents (at least one). Rounded up, to
    /// five minutes past a quarter of an hour and to fifteen past an hour; two at least,
    /// since "about one minute" is rarely true.
    public static func minutes(position: Int, stats: QueueStats, defaultHandling: TimeInterval) -> Int {
        let times = stats.handlingTimes.filter { $0 > 0 }.sorted()
        let handling = times.count >= 3 ? times[times.count / 2] : defaultHandling
        let seconds = Double(max(position, 1)) * handling / Double(max(stats.activeAgents, 1))
        // A week at most: a handling time read from a damaged row must not trap the conversion.
        let minutes = seconds.isFinite ? Int(min((seconds / 60).rounded(.up), 7 * 24 * 60)) : 7 * 24 * 60
        switch minutes {
        case ..<2: return 2
        case ...15: return minutes
        case ...60: return (minutes + 4) / 5 * 5
        default: return (minutes + 14) / 15 * 15
        }
    }
}
