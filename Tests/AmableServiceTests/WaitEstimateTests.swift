import AmableStore
import Testing
@testable import AmableService

@Suite struct WaitEstimateTests {
    func stats(_ minutes: [Double], agents: Int = 1) -> QueueStats {
        QueueStats(handlingTimes: minutes.map { $0 * 60 }, activeAgents: agents)
    }

    @Test func minutes_useTheDefault_whenFewTicketsWereHandled() {
        #expect(WaitEstimate.minutes(position: 3, stats: stats([1, 1]), defaultHandling: 300) == 15)
    }

    @Test func minutes_useTheMedianHandlingTime_whenKnown() {
        #expect(WaitEstimate.minutes(position: 2, stats: stats([3, 4, 60]), defaultHandling: 300) == 8)
    }

    @Test func minutes_shareTheQueue_amongActiveAgents() {
        #expect(WaitEstimate.minutes(position: 4, stats: stats([6, 6, 6], agents: 2), defaultHandling: 300) == 12)
    }

    @Test func minutes_neverPromiseLessThanTwo_andRoundLongWaits() {
        #expect(WaitEstimate.minutes(position: 1, stats: stats([0.2, 0.2, 0.2]), defaultHandling: 300) == 2)
        #expect(WaitEstimate.minutes(position: 4, stats: stats([4.5, 4.5, 4.5]), defaultHandling: 300) == 20)
        #expect(WaitEstimate.minutes(position: 13, stats: stats([6, 6, 6]), defaultHandling: 300) == 90)
    }

    @Test func minutes_staySane_whenAHandlingTimeIsAbsurd() {
        // Three huge handling times (a damaged row, a clock gone wrong): a week, not a trap.
        #expect(WaitEstimate.minutes(position: 3, stats: stats([1e300, 1e300, 1e300]), defaultHandling: 300) == 7 * 24 * 60)
        #expect(WaitEstimate.minutes(position: Int.max, stats: stats([]), defaultHandling: 300) == 7 * 24 * 60)
    }
}
