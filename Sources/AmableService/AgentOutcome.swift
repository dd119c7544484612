import AmableStore

/// What an agent action changed, and what the customer is shown because of it.
public struct AgentOutcome: Sendable {
    public var ticket: Ticket
    /// Messages stored for the customer (the agent's reply, or a notice such as "Ana joined").
    public var messages: [StoredMessage]
}
