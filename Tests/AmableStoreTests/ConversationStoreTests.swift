import AmableCore
import Foundation
import Testing
@testable import AmableStore

/// The store's contract, on both implementations.
@Suite(.serialized) struct ConversationStoreTests {
    typealias F = StoreFixture

    @Test func apply_savesStateMessagesAndTicket_inOneRevision() throws {
        for store in try F.stores() {
            let ticket = try F.escalated(store, "c1")
            let loaded = try #require(try store.load(conversationID: "c1"), "\(F.name(store))")
            #expect(loaded.revision == 1)
            #expect(loaded.conversation.state == .escalated)
            #expect(loaded.openTicket == ticket)
            #expect(ticket.status == .waiting && ticket.summary.entities["order_number"] == "10482")
            let messages = try store.messages(conversationID: "c1")
            #expect(messages.map(\.author) == [.customer, .bot])
            #expect(messages.allSatisfy { $0.revision == 1 })
            #expect(messages[1].replyKey == "handoff.open")
        }
    }

    @Test func apply_refusesAStaleRevision_andSavesNothingOfIt() throws {
        for store in try F.stores() {
            try store.apply(ConversationUpdate(conversation: F.conversation(), expectedRevision: nil, messages: [.init(author: .customer, text: "hola")], at: F.t0))
            try store.apply(ConversationUpdate(conversation: F.conversation(), expectedRevision: 1, messages: [.init(author: .customer, text: "otra")], at: F.t0))
            #expect(throws: StoreError.conflict(conversationID: "c1")) {
                try store.apply(ConversationUpdate(conversation: F.conversation(state: .escalated), expectedRevision: 1,
                                                   messages: [.init(author: .customer, text: "perdida")], ticket: F.open(), at: F.t0))
            }
            #expect(try store.messages(conversationID: "c1").map(\.text) == ["hola", "otra"])
            #expect(try store.load(conversationID: "c1")?.openTicket == nil)
            #expect(try store.load(conversationID: "c1")?.conversation.state == .idle)
        }
    }

    @Test func apply_refusesToCreateAConversation_thatExists() throws {
        for store in try F.stores() {
            try store.apply(ConversationUpdate(conversation: F.conversation(), expectedRevision: nil, at: F.t0))
            #expect(throws: StoreError.conflict(conversationID: "c1")) {
                try store.apply(ConversationUpdate(conversation: F.conversation(), expectedRevision: nil, at: F.t0))
            }
        }
    }

    @Test func apply_rollsBackMessagesAndState_whenTheTicketChangeIsRefused() throws {
        for store in try F.stores() {
            let ticket = try F.escalated(store, "c1")
            try store.apply(ConversationUpdate(conversation: F.conversation(state: .escalated), expectedRevision: 1, ticket: .claim(id: ticket.id, agent: "ana"), at: F.t0))
            #expect(throws: StoreError.ticketState(id: ticket.id, status: .assigned, agent: "ana", action: "claim")) {
                try store.apply(ConversationUpdate(conversation: F.conversation(state: .idle), expectedRevision: 2,
                                                   messages: [.init(author: .system, text: "Luis se ha unido")], ticket: .claim(id: ticket.id, agent: "luis"), at: F.t0))
            }
            let loaded = try #require(try store.load(conversationID: "c1"))
            #expect(loaded.revision == 2)
            #expect(loaded.conversation.state == .escalated)
            #expect(loaded.openTicket?.agent == "ana")
            #expect(try store.messages(conversationID: "c1").count == 2)
        }
    }

    @Test func open_refusesASecondOpenTicket_forOneConversation() throws {
        for store in try F.stores() {
            let first = try F.escalated(store, "c1")
            #expect(throws: StoreError.ticketState(id: first.id, status: .waiting, agent: nil, action: "open a second ticket beside")) {
                try store.apply(ConversationUpdate(conversation: F.conversation(state: .escalated), expectedRevision: 1, ticket: F.open(), at: F.t0))
            }
        }
    }

    @Test func tickets_comeInQueueOrder_priorityFirstThenWaitingTime() throws {
        for store in try F.stores() {
            try F.escalated(store, "calm-early", priority: 3, at: F.t0)
            try F.escalated(store, "requested-late", priority: 2, at: F.t0.addingTimeInterval(60))
            try F.escalated(store, "requested-early", priority: 2, at: F.t0.addingTimeInterval(30))
            try F.escalated(store, "angry-latest", priority: 1, at: F.t0.addingTimeInterval(90))
            #expect(try store.openTickets().map(\.conversationID) == ["angry-latest", "requested-early", "requested-late", "calm-early"], "\(F.name(store))")
        }
    }

    @Test func claim_letsExactlyOneAgentWin_whenManyClaimAtOnce() async throws {
        for store in try F.stores() {
            let ticket = try F.escalated(store, "c1")
            let winners = await withTaskGroup(of: String?.self) { group in
                for agent in (1...8).map({ "agent\($0)" }) {
                    group.addTask {
                        for _ in 0..<20 {
                            guard let loaded = try? store.load(conversationID: "c1") else { return nil }
                            do {
                                try store.apply(ConversationUpdate(conversation: loaded.conversation, expectedRevision: loaded.revision,
                                                                   ticket: .claim(id: ticket.id, agent: agent), at: F.t0))
                                return agent
                            } catch StoreError.conflict {
                                continue
                            } catch {
                                return nil
                            }
                        }
                        return nil
                    }
                }
                var won: [String] = []
                for await w in group { if let w { won.append(w) } }
                return won
            }
            #expect(winners.count == 1, "\(F.name(store)): \(winners)")
            #expect(try store.ticket(id: ticket.id)?.agent == winners.first)
        }
    }

    @Test func release_putsTheTicketBack_inItsOldPlace() throws {
        for store in try F.stores() {
            let first = try F.escalated(store, "first", at: F.t0)
            try F.escalated(store, "second", at: F.t0.addingTimeInterval(60))
            try store.apply(ConversationUpdate(conversation: F.conversation("first"), expectedRevision: 1, ticket: .claim(id: first.id, agent: "ana"), at: F.t0))
            #expect(try store.tickets(statuses: [.waiting], limit: 10).map(\.conversationID) == ["second"])
            try store.apply(ConversationUpdate(conversation: F.conversation("first"), expectedRevision: 2, ticket: .release(id: first.id, onlyIfSeenBefore: nil), at: F.t0))
            let waiting = try store.tickets(statuses: [.waiting], limit: 10)
            #expect(waiting.map(\.conversationID) == ["first", "second"])
            #expect(waiting[0].agent == nil && waiting[0].createdAt == F.t0)
        }
    }

    @Test func waitingAhead_countsByPriorityThenAge_onlyWaitingTickets() throws {
        for store in try F.stores() {
            let urgentOld = try F.escalated(store, "urgent", priority: 1, at: F.t0)
            let sameTime = try F.escalated(store, "same", priority: 2, at: F.t0.addingTimeInterval(60))
            try F.escalated(store, "later", priority: 2, at: F.t0.addingTimeInterval(120))
            try F.escalated(store, "low", priority: 3, at: F.t0)
            let claimed = try F.escalated(store, "claimed", priority: 1, at: F.t0)
            try store.apply(ConversationUpdate(conversation: F.conversation("claimed"), expectedRevision: 1, ticket: .claim(id: claimed.id, agent: "ana"), at: F.t0))
            let name = F.name(store)
            // A new priority-2 ticket at t0+60: the urgent one and the one of the same second are ahead.
            #expect(try store.waitingAhead(priority: 2, createdAt: F.t0.addingTimeInterval(60), excluding: nil) == 2, "\(name)")
            // The same ticket asking for its own place does not count itself.
            #expect(try store.waitingAhead(priority: 2, createdAt: sameTime.createdAt, excluding: sameTime.id) == 1, "\(name)")
            #expect(try store.waitingAhead(priority: 1, createdAt: F.t0, excluding: urgentOld.id) == 0, "\(name)")
            // Lowest urgency, newest: every other waiting ticket is ahead, the claimed one is not.
            #expect(try store.waitingAhead(priority: 3, createdAt: F.t0.addingTimeInterval(600), excluding: nil) == 4, "\(name)")
            #expect(try store.waitingAhead(priority: 0, createdAt: F.t0.addingTimeInterval(600), excluding: nil) == 0, "\(name)")
            let counts = try store.openTicketCounts()
            #expect(counts.waiting == 4 && counts.assigned == 1, "\(name): \(counts)")
        }
    }

    @Test func release_onlyIfSeenBefore_leavesAnActiveAgentsTicket() throws {
        for store in try F.stores() {
            let t = try F.escalated(store, "c1")
            let claimAt = F.t0.addingTimeInterval(100)
            try store.apply(ConversationUpdate(conversation: F.conversation(), expectedRevision: 1, ticket: .claim(id: t.id, agent: "ana"), at: claimAt))
            #expect(throws: StoreError.self) {
                try store.apply(ConversationUpdate(conversation: F.conversation(), expectedRevision: 2, ticket: .release(id: t.id, onlyIfSeenBefore: claimAt), at: claimAt))
            }
            try store.apply(ConversationUpdate(conversation: F.conversation(), expectedRevision: 2, ticket: .release(id: t.id, onlyIfSeenBefore: claimAt.addingTimeInterval(1)), at: claimAt))
            #expect(try store.ticket(id: t.id)?.status == .waiting)
        }
    }

    @Test func close_recordsWhoClosed_andHandlingTimesCount() throws {
        for store in try F.stores() {
            let t = try F.escalated(store, "c1")
            try store.apply(ConversationUpdate(conversation: F.conversation(), expectedRevision: 1, ticket: .claim(id: t.id, agent: "ana"), at: F.t0.addingTimeInterval(60)))
            try store.apply(ConversationUpdate(conversation: F.conversation(), expectedRevision: 2, ticket: .close(id: t.id, status: .resolved, by: "ana"), at: F.t0.addingTimeInterval(360)))
            let left = try F.escalated(store, "c2")
            try store.apply(ConversationUpdate(conversation: F.conversation("c2"), expectedRevision: 1, ticket: .close(id: left.id, status: .resolved, by: "customer"), at: F.t0.addingTimeInterval(30)))
            let closed = try #require(try store.ticket(id: t.id))
            #expect(closed.status == .resolved && closed.closedBy == "ana" && closed.closedAt == F.t0.addingTimeInterval(360))
            let stats = try store.queueStats(since: F.t0, activeSince: F.t0, limit: 10)
            #expect(stats.handlingTimes == [300], "\(F.name(store)): a customer who left is not a handling time")
            #expect(stats.activeAgents == 1)
            #expect(try store.openTickets().isEmpty)
        }
    }

    @Test func satisfaction_isStored_withTheConversation() throws {
        for store in try F.stores() {
            try store.apply(ConversationUpdate(conversation: F.conversation(), expectedRevision: nil, messages: [.init(author: .customer, text: "5")], satisfaction: 5, at: F.t0))
            #expect(try store.satisfaction(conversationID: "c1") == [5])
        }
    }

    @Test func messagesAfter_returnsOnlyNewerMessages_inOrder() throws {
        for store in try F.stores() {
            try F.escalated(store, "c1")
            let all = try store.messages(conversationID: "c1")
            let later = try store.apply(ConversationUpdate(conversation: F.conversation(state: .escalated), expectedRevision: 1,
                                                           messages: [.init(author: .agent, text: "Hola, soy Ana", agent: "ana")], at: F.t0))
            #expect(try store.messages(conversationID: "c1", after: all.last!.id) == later.messages)
            #expect(try store.lastMessages(conversationID: "c1", author: .customer, count: 5).map(\.text) == ["quiero hablar con una persona"])
        }
    }

    @Test func purge_deletesInactiveConversations_butKeepsOpenTicketsAndRecentOnes() throws {
        for store in try F.stores() {
            let old = F.t0.addingTimeInterval(-100 * 86_400)
            try store.apply(ConversationUpdate(conversation: F.conversation("old", at: old), expectedRevision: nil, messages: [.init(author: .customer, text: "hola")], satisfaction: 4, at: old))
            try F.escalated(store, "old-waiting", at: old)
            try store.apply(ConversationUpdate(conversation: F.conversation("recent"), expectedRevision: nil, messages: [.init(author: .customer, text: "hola")], at: F.t0))
            let purged = try store.purge(inactiveBefore: F.t0.addingTimeInterval(-90 * 86_400))
            #expect(purged.conversations == 1 && purged.messages == 1, "\(F.name(store))")
            #expect(try store.load(conversationID: "old") == nil)
            #expect(try store.messages(conversationID: "old").isEmpty)
            #expect(try store.satisfaction(conversationID: "old").isEmpty)
            #expect(try store.load(conversationID: "old-waiting") != nil)
            #expect(try store.load(conversationID: "recent") != nil)
        }
    }
}

/// `amend`: what a waiting customer adds reaches the ticket; a taken ticket is not rewritten.
@Suite(.serialized) struct TicketAmendTests {
    typealias F = StoreFixture

    @Test func amend_replacesSummaryAndRaisesPriority_whileWaiting() throws {
        for store in try F.stores() {
            let ticket = try F.escalated(store, "c1")
            var summary = ticket.summary
            summary.entities["email"] = "ana@example.com"
            let result = try store.apply(ConversationUpdate(conversation: F.conversation(state: .escalated), expectedRevision: 1,
                                                            ticket: .amend(id: ticket.id, summary: summary, priority: 1), at: F.t0))
            #expect(result.ticket?.summary.entities["email"] == "ana@example.com", "\(F.name(store))")
            #expect(result.ticket?.priority == 1, "\(F.name(store))")
            #expect(try store.ticket(id: ticket.id)?.summary.entities["email"] == "ana@example.com", "\(F.name(store))")
        }
    }

    @Test func amend_neverLowersPriority() throws {
        for store in try F.stores() {
            let ticket = try F.escalated(store, "c1")
            let lowered = try store.apply(ConversationUpdate(conversation: F.conversation(state: .escalated), expectedRevision: 1,
                                                             ticket: .amend(id: ticket.id, summary: ticket.summary, priority: ticket.priority + 1), at: F.t0))
            #expect(lowered.ticket?.priority == ticket.priority, "\(F.name(store))")
        }
    }

    @Test func amend_isRefused_onceAnAgentHasTheTicket() throws {
        for store in try F.stores() {
            let ticket = try F.escalated(store, "c1")
            try store.apply(ConversationUpdate(conversation: F.conversation(state: .escalated), expectedRevision: 1, ticket: .claim(id: ticket.id, agent: "ana"), at: F.t0))
            #expect(throws: StoreError.ticketState(id: ticket.id, status: .assigned, agent: "ana", action: "amend")) {
                try store.apply(ConversationUpdate(conversation: F.conversation(state: .escalated), expectedRevision: 2,
                                                   ticket: .amend(id: ticket.id, summary: ticket.summary, priority: 1), at: F.t0))
            }
        }
    }
}
