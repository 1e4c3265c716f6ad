import HeraldStore

/// A fresh store holding one application with one endpoint that receives every event type,
/// both created at the suite's epoch: where most cases start.
struct Tenant {
    /// The store, empty but for the application and its endpoint.
    let store: any HeraldStore
    /// The application.
    let app: ApplicationRecord
    /// Its endpoint.
    let endpoint: EndpointRecord

    /// Makes the store and creates the application and its endpoint in it.
    static func make(_ makeStore: StoreFactory) async throws -> Tenant {
        let store = try await makeStore()
        let app = try await store.addApplication(at: suiteEpoch)
        let endpoint = try await store.addEndpoint(to: app.id, at: suiteEpoch)
        return Tenant(store: store, app: app, endpoint: endpoint)
    }

    /// Sends a message to the application at `time` (see ``HeraldStore/send(to:at:eventType:eventID:)``).
    @discardableResult
    func send(at time: Int64, eventType: String = "invoice.paid", eventID: String? = nil) async throws -> MessageRecord {
        try await store.send(to: app.id, at: time, eventType: eventType, eventID: eventID)
    }

    /// Adds another endpoint to the application at `time`.
    func addEndpoint(at time: Int64, eventTypes: [String] = [], disabled: Bool = false) async throws -> EndpointRecord {
        try await store.addEndpoint(to: app.id, at: time, eventTypes: eventTypes, disabled: disabled)
    }

    /// Saves `endpoint` with `disabled` set, at `time`.
    func setDisabled(_ disabled: Bool, _ endpoint: EndpointRecord, at time: Int64) async throws {
        var changed = endpoint
        changed.disabled = disabled
        changed.updatedAt = time
        try await store.updateEndpoint(changed)
    }
}
