/// Where a waiting ticket stands.
public struct QueuePlace: Sendable, Equatable {
    /// 1 is next.
    public var position: Int
    /// The honest estimate, in whole minutes, from recent handling times.
    public var waitMinutes: Int
}
