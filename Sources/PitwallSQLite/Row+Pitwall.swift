import GRDB
import PitwallCore

extension Optional where Wrapped == Timestamp {
    var databaseValue: Int64? { self?.millisecondsSinceEpoch }
}
