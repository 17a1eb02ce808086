// A libFuzzer target for Pitwall's JSON reader: it must never crash on any bytes, and it
// must take and refuse the same texts as Foundation's reader, which Pitwall used before,
// but for UTF-16 and UTF-32 and the escape \u0000 (refused on purpose, with a message). Built and run by
// run_json_reader_fuzz.sh; not part of the package.
import Foundation

nonisolated(unsafe) var reported = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    var problem = ""
    var ours: JSONValue?
    do { ours = try JSONTextReader.read(bytes) } catch { problem = error.problem }
    if problem.hasPrefix("the text is UTF-16") || problem.hasPrefix("\\u0000 (the NUL character)") { return 0 }
    let theirs = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    if (ours == nil) != (theirs == nil), reported < 60 {
        reported += 1
        let text = String(decoding: bytes, as: UTF8.self).debugDescription.prefix(120)
        FileHandle.standardError.write("DIFFERENT ours=\(ours != nil) (\(problem)) foundation=\(theirs != nil): \(text)\n".data(using: .utf8)!)
    }
    return 0
}
