module github.com/go4j/go4j/benchmarks/go

go 1.19
