import Foundation
import HeraldTestSupport
import Testing

/// The forms of an endpoint's page, each checked through the API afterwards.
@Suite("Endpoint page forms")
struct EndpointFormsTests {
    @Test("edit every setting and clear them again, rotate the secret, send a test event, recover, delete")
    func endpointForms() async throws {
        let receiver = try await TestReceiver.start()
        try await InProcessServer.run(["--allowed-networks", "127.0.0.1/32"]) { server in
            let app = try await server.app("Acme")
            try await server.eventType("order.created")
            try await server.eventType("order.paid")
            let endpoint = try await server.endpoint(app: app, url: receiver.url("/first"))
            let web = WebClient(baseURL: server.baseURL)
            try await web.signIn(token: server.token)
            let pagePath = "/apps/\(app)/endpoints/\(endpoint)"
            let page = try await web.get(pagePath)
            #expect(page.status == 200 && page.text.contains(receiver.url("/first")))
            let csrf = try #require(WebClient.csrf(in: page.text))
            let apiPath = "/api/v1/apps/\(app)/endpoints/\(endpoint)"

            let saved = try await web.post(pagePath, [
                ("_csrf", csrf), ("url", receiver.url("/second")), ("description", "Fulfilment"), ("eventTypes", "order.paid"),
                ("rateLimit", "5"), ("batchMaxEvents", "10"), ("batchMaxWaitMs", "200"), ("timeoutMs", "2000"), ("disabled", "true"),
            ])
            #expect(saved.status == 303 && saved.header("Location") == "\(pagePath)?notice=saved", "\(saved.status) \(saved.text)")
            var read = try await server.api.get(apiPath).json
            #expect(read["url"] as? String == receiver.url("/second") && read["description"] as? String == "Fulfilment")
            #expect(read["eventTypes"] as? [String] == ["order.paid"] && read["rateLimit"] as? Int == 5 && read["timeoutMs"] as? Int == 2000)
            #expect((read["batch"] as? [String: Any])?["maxEvents"] as? Int == 10 && read["disabled"] as? Bool == true)
            let cleared = try await web.post(pagePath, [("_csrf", csrf), ("url", receiver.url("/second"))])
            #expect(cleared.status == 303)
            read = try await server.api.get(apiPath).json
            #expect(read["rateLimit"] is NSNull && read["batch"] is NSNull && read["timeoutMs"] is NSNull)
            #expect(read["disabled"] as? Bool == false && (read["eventTypes"] as? [String])?.isEmpty == true)
            let refused = try await web.post(pagePath, [("_csrf", csrf), ("url", receiver.url("/second")), ("rateLimit", "lots")])
            #expect(refused.status == 422 && refused.text.contains("rate limit must be a whole number"))

            let before = try await server.api.get("\(apiPath)/secret").json["key"] as? String
            let rotated = try await web.post("\(pagePath)/rotate", [("_csrf", csrf), ("gracePeriodSeconds", "3600")])
            #expect(rotated.status == 303 && rotated.header("Location")?.contains("notice=rotated") == true)
            let secret = try await server.api.get("\(apiPath)/secret").json
            #expect(secret["key"] as? String != before && (secret["previous"] as? [[String: Any]])?.first?["key"] as? String == before)

            let tested = try await web.post("\(pagePath)/test", [("_csrf", csrf), ("eventType", "")])
            #expect(tested.status == 303 && tested.header("Location")?.contains("/messages/msg_") == true, "\(tested.status) \(tested.text)")
            _ = try await receiver.waitFor(count: 1, path: "/second", timeout: .seconds(10))

            let recovered = try await web.post("\(pagePath)/recover", [("_csrf", csrf), ("since", "2026-01-01T00:00")])
            #expect(recovered.status == 303 && recovered.header("Location")?.contains("notice=recovered") == true, "\(recovered.status) \(recovered.text)")
            let noTime = try await web.post("\(pagePath)/recover", [("_csrf", csrf), ("since", "")])
            #expect(noTime.status == 422 && noTime.text.contains("time to recover from"))

            let deleted = try await web.post("\(pagePath)/delete", [("_csrf", csrf)])
            #expect(deleted.status == 303 && deleted.header("Location") == "/apps/\(app)?notice=deleted")
            #expect(try await server.api.get(apiPath).status == 404)
            #expect(try await web.get(pagePath).status == 404)
        }
        try await receiver.stop()
    }
}
