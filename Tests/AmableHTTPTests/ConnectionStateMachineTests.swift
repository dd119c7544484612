import Testing
@testable import AmableHTTP

/// The connection timeouts as a pure value: events at given times, actions out.
@Suite struct ConnectionStateMachineTests {
    static let timeouts = ConnectionStateMachine.Timeouts(idle: 75_000, head: 10_000, body: 30_000, write: 30_000, linger: 2_000)

    static func make(at now: Int64 = 0) -> ConnectionStateMachine { .init(timeouts: timeouts, now: now) }

    @Test func idle_closesQuietly_afterTheIdleTimeout() {
        var m = Self.make()
        #expect(m.deadline == 75_000)
        #expect(m.timerFired(now: 74_999) == .deadline(75_000))
        #expect(m.timerFired(now: 75_000) == .close)
    }

    @Test func head_timesOutFromItsFirstByte_notItsLast() {
        var m = Self.make()
        #expect(m.requestStarted(now: 1_000) == .deadline(11_000))
        // More bytes trickle in: the deadline does not move (slowloris).
        #expect(m.requestStarted(now: 9_000) == .deadline(11_000))
        #expect(m.timerFired(now: 11_000) == .timeout)
        #expect(m.state == .lingering(since: 11_000))
        #expect(m.timerFired(now: 13_000) == .close)
    }

    @Test func body_hasItsOwnDeadline_fromTheHead() {
        var m = Self.make()
        _ = m.requestStarted(now: 0)
        #expect(m.headReceived(now: 2_000) == .deadline(32_000))
        #expect(m.timerFired(now: 31_999) == .deadline(32_000))
        #expect(m.timerFired(now: 32_000) == .timeout)
    }

    @Test func processing_hasNoDeadline() {
        var m = Self.make()
        _ = m.requestStarted(now: 0)
        #expect(m.requestReceived() == .none)
        #expect(m.deadline == nil)
        #expect(m.timerFired(now: 1_000_000) == .none)
    }

    @Test func response_flushed_returnsToIdle_orCloses() {
        var m = Self.make()
        _ = m.requestReceived()
        #expect(m.responseQueued(now: 5_000, flushed: true, close: false) == .deadline(80_000))
        _ = m.requestReceived()
        #expect(m.responseQueued(now: 6_000, flushed: true, close: true) == .close)
    }

    @Test func write_timesOut_whenTheClientDoesNotRead() {
        var m = Self.make()
        _ = m.requestReceived()
        #expect(m.responseQueued(now: 1_000, flushed: false, close: false) == .deadline(31_000))
        #expect(m.timerFired(now: 31_000) == .close)
    }

    @Test func errorResponse_lingers_thenCloses() {
        var m = Self.make()
        _ = m.requestStarted(now: 0)
        #expect(m.responseQueued(now: 100, flushed: true, close: true, linger: true) == .linger)
        #expect(m.deadline == 2_100)
        #expect(m.timerFired(now: 2_100) == .close)
    }

    @Test func quiesce_closesIdleAndUnfinished_butLetsTheHandlerFinish() {
        var idle = Self.make()
        #expect(idle.quiesce() == .close)
        var reading = Self.make()
        _ = reading.requestStarted(now: 0)
        #expect(reading.quiesce() == .close)
        var busy = Self.make()
        _ = busy.requestReceived()
        #expect(busy.quiesce() == .none)
        #expect(busy.responseQueued(now: 10, flushed: true, close: false) == .close)
    }
}
