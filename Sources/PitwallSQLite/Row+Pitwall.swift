import GRDB
import PitwallCore

// Column readers by position: the SELECT lists sit next to the code that reads them.
extension Row {
    func timestamp(_ index: Int) -> Timestamp? {
        (self[index] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:))
    }

    func identifier<Kind>(_ index: Int) -> Identifier<Kind>? {
        (self[index] as String?).map { Identifier($0) }
    }

    func choice<Choice: RawRepresentable>(_ index: Int) -> Choice? where Choice.RawValue == String {
        (self[index] as String?).flatMap(Choice.init(rawValue:))
    }

    func money(_ index: Int) -> Money? {
        (self[index] as Int64?).map(Money.init(cents:))
    }

    func extras(_ index: Int) -> [String: JSONValue] {
        (self[index] as String?).flatMap(JSONValue.init(jsonText:))?.objectMembers ?? [:]
    }

    func orderKey(time: Int, id: Int) -> EventOrderKey? {
        guard let time = timestamp(time), let id: EventID = identifier(id) else { return nil }
        return EventOrderKey(occurredAt: time, eventID: id)
    }
}

extension Optional where Wrapped == Timestamp {
    var databaseValue: Int64? { self?.millisecondsSinceEpoch }
}
