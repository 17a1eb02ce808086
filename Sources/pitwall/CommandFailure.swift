/// Something a command could not do with what it was given (a file, a database, a store):
/// printed as "Error: ..." with exit status 1. Not a `ValidationError`, which ArgumentParser
/// follows with the usage text, as if the command line itself were mistyped.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
