from demo.generator import main

main()
