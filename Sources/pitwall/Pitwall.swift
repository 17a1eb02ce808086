import ArgumentParser

@main
struct Pitwall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pitwall",
        abstract: "Monitors and improves AI lead messaging for car dealerships.",
        subcommands: [
            ServeCommand.self, ImportCommand.self, KPICommand.self, SpendCommand.self, TeamCommand.self, SLAReviewCommand.self, CoachingCommand.self, ChangesCommand.self, DelaysCommand.self, OutreachCommand.self, OutlookCommand.self, ReportCommand.self, StorageCommand.self, ExportCommand.self, SimulateCommand.self, TokenCommand.self, DemoCommand.self, BenchCommand.self,
            BackupCommand.self, RestoreCommand.self, MigrateCommand.self, OrganisationCommand.self, CopyCommand.self, RecountCommand.self,
        ])
}
