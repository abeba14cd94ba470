module writing.example/listings

go 1.23
