"""A small OpenID Connect provider (django-oauth-toolkit) that the SSO tests start.

It stands for a municipality's identity provider (Entra ID, AD FS, Keycloak): a
user signs in to it with a password, and it tells Twinning who they are and their
groups, in a signed ID token and at its userinfo endpoint.
"""
