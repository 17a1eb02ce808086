/// A string identifier that cannot be mixed up with an identifier of another kind:
/// a `LeadID` is not accepted where a `StoreID` is expected.
public struct Identifier<Kind>: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

// The kinds only tag identifiers; they are never instantiated.
public enum EventKind {}
public enum LeadKind {}
public enum StoreKind {}
public enum MessageKind {}
public enum AppointmentKind {}
public enum SaleKind {}
public enum AgentKind {}
public enum CampaignKind {}
public enum TemplateKind {}
public enum OrganisationKind {}

public typealias EventID = Identifier<EventKind>
public typealias LeadID = Identifier<LeadKind>
public typealias StoreID = Identifier<StoreKind>
public typealias MessageID = Identifier<MessageKind>
public typealias AppointmentID = Identifier<AppointmentKind>
public typealias SaleID = Identifier<SaleKind>
public typealias AgentID = Identifier<AgentKind>
public typealias CampaignID = Identifier<CampaignKind>
public typealias TemplateID = Identifier<TemplateKind>
/// A tenant: a dealership group or a vendor's customer, owning stores and tokens.
public typealias OrganisationID = Identifier<OrganisationKind>

extension Identifier {
    /// Ids as a store keeps a list of them: one per line.
    public static func list(stored text: String) -> [Identifier] {
        text.split(separator: "\n").map { Identifier(String($0)) }
    }
}
