from scan.cli.commands import main

main()
