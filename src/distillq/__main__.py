from distillq.cli import main

main()
