"""One module per `consortium` subcommand, each with a `register(app)` function."""
