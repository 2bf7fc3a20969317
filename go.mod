module github.com/jrmd/jrmd

go 1.26
