"""The sub-commands of the ``intlgraph`` command line, one module each (see ``cli.COMMANDS``)."""
