import AsyncHTTPClient
import Hummingbird
import Logging
import PitwallCore
import ServiceLifecycle

/// What the application needs from the outside: built once, at start-up, by the caller.
public struct AppDependencies: Sendable {
    public var store: any EventStore
    public var tokens: any AccessTokenStore
    /// The KPI rollups as every page, report, alert and API reads them: with the hand-offs
    /// whose pick-up is not due yet taken out of the agents' pick-up (`PickupDueRollups`).
    public var rollups: any KPIRollupStore {
        get {
            PickupDueRollups(base: storedRollups, leads: leads, records: store, clock: clock) { [configurations] in configurations.current }
        }
        set { storedRollups = newValue }
    }
    /// The rollups as the store keeps them.
    var storedRollups: any KPIRollupStore
    public var leads: any LeadQueryStore
    public var escalations: any EscalationStore
    public var alerts: any AlertStore
    /// Coaching sessions recorded by the BDC manager.
    public var coaching: any CoachingLog
    /// Changes to how the dealership works, recorded to see whether they moved their figure.
    public var changes: any ChangeLog
    /// Delays agents reported, to see what they cost and whether their fix worked.
    public var delays: any DelayLog
    /// Provider callbacks waiting for their lead.
    public var held: any HeldCallbackStore
    /// Requests sent with an `Idempotency-Key`, so a retry is answered and not done twice.
    public var idempotency: any IdempotencyRecordStore
    public var clock: any WallClock
    /// The server's configuration file, and each organisation's own where it has one.
    public var configurations: ConfigurationBook
    /// The configuration of the organisation being worked for (the caller's, or the one a
    /// background service is on); setting it sets the file's.
    public var configuration: PitwallConfiguration {
        get { configurations.current }
        set { configurations.file = newValue }
    }
    /// The server's own metrics, served at /metrics.
    public var metrics = ServerMetrics()
    /// How memory freed by large requests goes back to the system (nothing, unless the
    /// executable says how).
    public var freedMemory = FreedMemoryReturn.none
    /// Rules touched by ingestion, for the alert service.
    let alertNudges = AlertNudges()
    /// Open dashboards, told when something changes.
    public var live = LiveFeed()
    /// Signed-in browsers.
    public var sessions: DashboardSessions
    /// When tokens were last used, written an hour at a time.
    let tokenUses: TokenUseLog
    /// Whose data this server serves.
    public var organisations = OrganisationRoster()
    /// How long leads' outcomes take, measured once a day per scope.
    let outcomeDelays = OutcomeDelaysCache()
    /// On the group database: where newer organisation configurations are read while the
    /// server runs. Nil: the configurations read at start stay.
    public var configurationSource: OrganisationConfigurationSource?

    public init(
        store: any EventStore, tokens: any AccessTokenStore, rollups: any KPIRollupStore, leads: any LeadQueryStore,
        escalations: any EscalationStore, alerts: any AlertStore, held: any HeldCallbackStore, sessions: any DashboardSessionStore,
        idempotency: any IdempotencyRecordStore, coaching: any CoachingLog, changes: any ChangeLog, delays: any DelayLog,
        clock: any WallClock = SystemClock(), configurations: ConfigurationBook
    ) {
        self.store = store
        self.tokens = tokens
        tokenUses = TokenUseLog()
        self.sessions = DashboardSessions(store: sessions, tokens: tokens, uses: tokenUses)
        self.storedRollups = rollups
        self.leads = leads
        self.escalations = escalations
        self.alerts = alerts
        self.coaching = coaching
        self.changes = changes
        self.delays = delays
        self.held = held
        self.idempotency = idempotency
        self.clock = clock
        self.configurations = configurations
    }

    /// All ports served by one store, as the embedded SQLite store does; reads limited to the
    /// stores of the caller's token when it names some.
    public init(store: some PitwallStore, clock: any WallClock = SystemClock(), configurations: ConfigurationBook) {
        let restricted = StoreRestrictedStore(base: store)
        self.init(
            store: restricted, tokens: restricted, rollups: restricted, leads: restricted, escalations: restricted, alerts: restricted,
            held: restricted, sessions: restricted, idempotency: restricted, coaching: restricted, changes: restricted, delays: restricted,
            clock: clock, configurations: configurations)
    }

    public init(store: some PitwallStore, clock: any WallClock = SystemClock(), configuration: PitwallConfiguration) {
        self.init(store: store, clock: clock, configurations: ConfigurationBook(configuration))
    }

    /// Where every SMS provider's callbacks are matched to leads and stored.
    var callbackSink: ProviderCallbackSink {
        ProviderCallbackSink(store: store, leads: leads, held: held, clock: clock, alertNudges: alertNudges, live: live, metrics: metrics)
    }

    /// Whether a watch may have notices to send: channels now, or an organisation may be
    /// given some while the server runs.
    var mayNotify: Bool { configurations.hasNotificationChannels || configurationSource != nil }

    var desk: SpeedToLeadDesk { SpeedToLeadDesk(leads: leads, events: store, configurations: configurations) }

    /// The escalation watch, sending to the notification channels when there are any.
    public func escalationWatch(retryDelays: [Duration] = ServerSettings().notificationRetryDelays) -> EscalationWatch {
        guard mayNotify else { return EscalationWatch(desk: desk, escalations: escalations) }
        return EscalationWatch(
            desk: desk, escalations: escalations,
            transport: NotificationDelivery(client: .shared, retryDelays: retryDelays, linkBase: configurations.file.notifications.linkBase))
    }

    /// The health prober, filing its results in the event store.
    var prober: HealthProber { HealthProber(client: HealthProber.probeClient, store: store, metrics: metrics) }

    /// The alert evaluation, with notifications when channels are configured.
    public func alertWatch(retryDelays: [Duration] = ServerSettings().notificationRetryDelays) -> AlertWatch {
        var monitor = AlertMonitor(rollups: rollups, events: store, configurations: configurations, leads: leads)
        monitor.changes = changes
        monitor.outcomeDelays = { [outcomeDelays, leads] today in try await outcomeDelays.delays(today: today, store: nil, from: leads) }
        guard mayNotify else { return AlertWatch(monitor: monitor, alerts: alerts) }
        return AlertWatch(
            monitor: monitor, alerts: alerts, planner: NotificationPlanner(configurations: configurations),
            transport: NotificationDelivery(client: .shared, retryDelays: retryDelays, linkBase: configurations.file.notifications.linkBase))
    }
}

/// The composition root: every route, middleware and service of the server is wired here.
public func buildApplication(
    settings: ServerSettings, dependencies: AppDependencies, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    var services: [any Service] = []
    if let interval = settings.escalationCheckInterval {
        services.append(
            EscalationService(
                watch: dependencies.escalationWatch(retryDelays: settings.notificationRetryDelays), clock: dependencies.clock,
                interval: interval, organisations: dependencies.organisations, logger: logger))
    }
    if let interval = settings.alertCheckInterval {
        services.append(
            AlertService(
                watch: dependencies.alertWatch(retryDelays: settings.notificationRetryDelays), clock: dependencies.clock, interval: interval,
                metrics: dependencies.metrics, logger: logger, nudges: dependencies.alertNudges, nudgeInterval: settings.alertNudgeInterval,
                organisations: dependencies.organisations, live: dependencies.live))
    }
    if let interval = settings.reportCheckInterval {
        services.append(
            ReportService(
                dispatcher: ReportDispatcher(dependencies: dependencies, retryDelays: settings.notificationRetryDelays), interval: interval,
                organisations: dependencies.organisations, logger: logger))
    }
    if settings.runsProbes {
        services.append(
            ProbeService(
                prober: dependencies.prober, configurations: dependencies.configurations, home: dependencies.organisations.home,
                clock: dependencies.clock, refreshInterval: settings.configurationRefreshInterval, logger: logger))
    }
    if let interval = settings.heldCallbackInterval {
        services.append(
            HeldCallbackSweep(sink: dependencies.callbackSink, interval: interval, organisations: dependencies.organisations, logger: logger))
    }
    if let interval = settings.storageSizeInterval {
        services.append(
            StorageSizeNotes(store: dependencies.store, clock: dependencies.clock, interval: interval, organisations: dependencies.organisations, logger: logger))
    }
    if let source = dependencies.configurationSource {
        services.append(
            OrganisationConfigurationRefreshService(
                refresh: OrganisationConfigurationRefresh(book: dependencies.configurations, source: source, logger: logger),
                interval: settings.configurationRefreshInterval, logger: logger))
    }
    services.append(LiveHeartbeat(live: dependencies.live, interval: settings.liveHeartbeatInterval))
    return Application(
        router: buildRouter(settings: settings, dependencies: dependencies),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "pitwall"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? settings.port) },
        logger: logger)
}

public func buildRouter(settings: ServerSettings, dependencies: AppDependencies) -> Router<PitwallRequestContext> {
    let router = Router(context: PitwallRequestContext.self)
    router.add(middleware: FreedMemoryMiddleware(freedMemory: dependencies.freedMemory))
    router.add(middleware: RequestMetricsMiddleware(metrics: dependencies.metrics))
    router.add(middleware: ErrorMappingMiddleware())
    router.add(middleware: NulCharacterMiddleware())
    router.add(middleware: HomeOrganisationMiddleware(home: dependencies.organisations.home))
    SystemController(store: dependencies.rollups).addRoutes(to: router)
    MetricsController(metrics: dependencies.metrics, rollups: dependencies.rollups, store: dependencies.store, held: dependencies.held, clock: dependencies.clock).addRoutes(to: router)
    let sink = dependencies.callbackSink
    let (configurations, home) = (dependencies.configurations, dependencies.organisations.home)
    TwilioHooksController(sink: sink, configurations: configurations, home: home).addRoutes(to: router)
    BandwidthHooksController(sink: sink, configurations: configurations, home: home).addRoutes(to: router)
    TelnyxHooksController(sink: sink, configurations: configurations, home: home).addRoutes(to: router)

    let api = router.group("v1")
        .add(middleware: BearerTokenMiddleware(issuer: TokenIssuer(store: dependencies.tokens, clock: dependencies.clock), uses: dependencies.tokenUses))
        .add(middleware: RepeatedParameterMiddleware())
        .add(
            middleware: KnownStoreMiddleware(
                rollups: dependencies.rollups, configurations: dependencies.configurations, home: dependencies.organisations.home,
                    notFound: { APIError.notFound($0) }))
    EventsController(
        store: dependencies.store, clock: dependencies.clock, maximumBodyBytes: settings.maximumBodyBytes, alertNudges: dependencies.alertNudges,
        live: dependencies.live, callbacks: sink, metrics: dependencies.metrics
    ).addRoutes(to: api)
    LeadsController(store: dependencies.store, desk: dependencies.desk, clock: dependencies.clock).addRoutes(to: api)
    ADFLeadsController(
        intake: ADFLeadIntake(store: dependencies.store, configurations: dependencies.configurations), clock: dependencies.clock,
        maximumBodyBytes: settings.maximumBodyBytes, alertNudges: dependencies.alertNudges, live: dependencies.live, callbacks: sink,
        metrics: dependencies.metrics
    ).addRoutes(to: api)
    SpeedToLeadController(desk: dependencies.desk, escalations: dependencies.escalations, clock: dependencies.clock).addRoutes(to: api)
    RoutingController(desk: dependencies.desk, clock: dependencies.clock).addRoutes(to: api)
    ResponseTimeExportController(desk: dependencies.desk, clock: dependencies.clock).addRoutes(to: api)
    ContactQualityController(dependencies: dependencies).addRoutes(to: api)
    TemperatureCheckController(dependencies: dependencies).addRoutes(to: api)
    LeadSpendController(dependencies: dependencies).addRoutes(to: api)
    TeamController(dependencies: dependencies).addRoutes(to: api)
    SLAReviewController(dependencies: dependencies).addRoutes(to: api)
    OutreachController(dependencies: dependencies).addRoutes(to: api)
    OutlookController(dependencies: dependencies).addRoutes(to: api)
    ReportsController(dependencies: dependencies).addRoutes(to: api)
    FollowUpsController(dependencies: dependencies).addRoutes(to: api)
    DataExportController(dependencies: dependencies).addRoutes(to: api)
    TimestampAuditController(desk: dependencies.desk, clock: dependencies.clock).addRoutes(to: api)
    let idempotent = IdempotentRequest(records: dependencies.idempotency, clock: dependencies.clock)
    AlertsController(alerts: dependencies.alerts, configurations: dependencies.configurations, clock: dependencies.clock, idempotent: idempotent)
        .addRoutes(to: api)
    CoachingController(dependencies: dependencies, idempotent: idempotent).addRoutes(to: api)
    ChangesController(dependencies: dependencies, idempotent: idempotent).addRoutes(to: api)
    DelaysController(dependencies: dependencies, idempotent: idempotent).addRoutes(to: api)
    ComplianceController(dependencies: dependencies).addRoutes(to: api)
    KPIController(dependencies: dependencies).addRoutes(to: api)
    OutagesController(dependencies: dependencies).addRoutes(to: api)
    StorageController(dependencies: dependencies).addRoutes(to: api)
    TokensController(tokens: dependencies.tokens, audit: dependencies.escalations, clock: dependencies.clock, idempotent: idempotent).addRoutes(to: api)
    var dashboard = dependencies
    dashboard.sessions = dependencies.sessions.lasting(settings.sessionIdleSeconds)
    Dashboard(dependencies: dashboard, settings: settings).addRoutes(to: router)
    return router
}
