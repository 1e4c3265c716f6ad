extension HeraldClient {
    /// The absolute URL of `request`: the base URL, each path segment percent-encoded, then the
    /// query parameters that have a value, each name and value percent-encoded.
    func url(for request: APIRequest) -> String {
        var url = baseURL
        for segment in request.path {
            url += "/" + PercentEncoding.encode(segment)
        }
        let query = request.query.compactMap { item in
            item.value.map { PercentEncoding.encode(item.name) + "=" + PercentEncoding.encode($0) }
        }
        if !query.isEmpty {
            url += "?" + query.joined(separator: "&")
        }
        return url
    }
}
