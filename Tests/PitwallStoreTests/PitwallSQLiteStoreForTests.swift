import Foundation
import GRDB
import PitwallSQLite
import PitwallTestSupport

/// Raw access to a test database file, for checking what the store must refuse.
enum PitwallSQLiteStoreForTests {
    static func make(_ folder: TemporaryDirectory) throws -> SQLiteStore {
        try SQLiteStore(path: folder.file("p.sqlite"))
    }

    static func execute(_ sql: String, in folder: TemporaryDirectory) throws {
        let queue = try DatabaseQueue(path: folder.file("p.sqlite"))
        try queue.write { db in try db.execute(sql: sql) }
    }
}
