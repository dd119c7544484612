/// The languages Amable speaks: Spanish first, English second.
public enum Language: String, Sendable, CaseIterable, Codable, Hashable {
    case es
    case en

    /// The language of bundled data when nothing else says.
    public static let primary: Language = .es
}
