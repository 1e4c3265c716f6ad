/// The store conformance suite: every behaviour the ``HeraldStore`` protocol documents, as named
/// cases that run unchanged against any implementation.
///
/// Cases observe stores only through the protocol and pass every time in explicitly (`now:`),
/// so they neither sleep nor depend on the machine's clock, and each takes milliseconds.
public enum StoreConformance {
    /// Every case, grouped by area.
    public static let allCases: [StoreConformanceCase] =
        settingsCases + applicationCases + eventTypeCases + endpointCases + endpointSecretCases
        + messageCases + idempotencyCases + claimCases + leaseCases + attemptCases + endpointHealthCases
        + batchCases + resendCases + recoverCases + retentionCases + paginationCases + errorCases + deliverySignalCases
        + concurrencyCases + testInboxCases + statisticsCases + alertCases + portalLinkCases
}
