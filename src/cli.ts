console.log("astlint: under construction");
