import AccordServerRuntime

extension AuthenticatedPrincipal {
    /// The tenant policy decisions and ownership are judged in: the token's, or `default` for a
    /// token without one.
    var tenantOrDefault: String { tenant ?? "default" }
}
