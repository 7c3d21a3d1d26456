from netjobs.cli import main

main()
