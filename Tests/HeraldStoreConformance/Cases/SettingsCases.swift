import HeraldStore
import Testing

private func check(_ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) -> StoreConformanceCase {
    StoreConformanceCase(area: "settings", name, body: body)
}

extension StoreConformance {
    /// `checkHealth`, `setting`, `insertSettingIfAbsent`.
    static let settingsCases: [StoreConformanceCase] = [
        check("a fresh store is healthy") { makeStore in
            let store = try await makeStore()
            try await store.checkHealth()
        },
        check("a setting never written reads as nil") { makeStore in
            let store = try await makeStore()
            #expect(try await store.setting("api-token-hash") == nil)
        },
        check("the first value inserted is stored, returned and read back") { makeStore in
            let store = try await makeStore()
            #expect(try await store.insertSettingIfAbsent("api-token-hash", value: "first") == "first")
            #expect(try await store.setting("api-token-hash") == "first")
        },
        check("a later insert keeps the first value and returns it") { makeStore in
            let store = try await makeStore()
            _ = try await store.insertSettingIfAbsent("api-token-hash", value: "first")
            #expect(try await store.insertSettingIfAbsent("api-token-hash", value: "second") == "first")
            #expect(try await store.setting("api-token-hash") == "first")
        },
        check("settings under different keys are independent") { makeStore in
            let store = try await makeStore()
            _ = try await store.insertSettingIfAbsent("a", value: "1")
            #expect(try await store.insertSettingIfAbsent("b", value: "2") == "2")
            #expect(try await store.setting("a") == "1")
            #expect(try await store.setting("b") == "2")
        },
        check("of racing inserts, every caller gets the one value stored") { makeStore in
            let store = try await makeStore()
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<16 {
                    group.addTask { try await store.insertSettingIfAbsent("instance-id", value: "value-\(index)") }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            let stored = try #require(try await store.setting("instance-id"))
            #expect(Set(answers) == [stored])
        },
    ]
}
