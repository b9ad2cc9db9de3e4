console.log('marginkit');
